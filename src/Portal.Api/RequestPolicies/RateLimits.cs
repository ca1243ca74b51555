using RagMemory.RateLimiting;

namespace RagMemory.Api.RequestPolicies;

/// <summary>
/// Spends a permit of the endpoint's policy for the caller (the principal, else the client address). Runs after
/// authorization so that refused callers spend nothing; a rejection surfaces as a 429 problem with Retry-After.
/// </summary>
public static class RateLimits
{
    public static IApplicationBuilder UseRagMemoryRateLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<RateLimitedAttribute>() is { } limited)
        {
            await context.RequestServices.GetRequiredService<RateLimitRegistry>()
                .AcquireAsync(limited.Policy, RateLimitPartitionKey.For(context.User, context.Connection.RemoteIpAddress), context.RequestAborted);
        }

        await next(context);
    });
}
