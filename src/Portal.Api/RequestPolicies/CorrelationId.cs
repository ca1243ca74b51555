using System.Text.RegularExpressions;

namespace RagMemory.Api.RequestPolicies;

/// <summary>
/// Gives every request a correlation id: a valid <c>X-Correlation-ID</c> from the caller, else a new one. It becomes the
/// request's trace identifier (so problem details and logs carry it) and is returned in the response header.
/// </summary>
public static partial class CorrelationId
{
    public const string Header = "X-Correlation-ID";

    public static IApplicationBuilder UseCorrelationId(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var incoming = context.Request.Headers[Header].ToString();
        context.TraceIdentifier = ValidId().IsMatch(incoming) ? incoming : Guid.NewGuid().ToString("N");
        context.Response.Headers[Header] = context.TraceIdentifier;
        await next(context);
    });

    [GeneratedRegex("^[A-Za-z0-9._-]{8,64}$")]
    private static partial Regex ValidId();
}
