using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using RagMemory.Identity;

namespace RagMemory.Api.RequestPolicies;

/// <summary>
/// Refuses bodies over <see cref="ApiOptions.MaxRequestBodyBytes"/> with a 413 problem: at once when the declared length is
/// too large, and through the server's body-size feature when the body arrives in chunks.
/// </summary>
public static class RequestBodyLimit
{
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var max = context.RequestServices.GetRequiredService<IOptions<ApiOptions>>().Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > max)
        {
            await ApiProblems.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, $"The request body must be at most {max} bytes.");
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = max;
        }

        await next(context);
    });
}
