using Microsoft.Net.Http.Headers;
using RagMemory.Identity;

namespace RagMemory.Api.RequestPolicies;

/// <summary>
/// A POST to an endpoint that reads its body with <c>ReadFromJsonAsync</c> (the MCP transport) must say it sends
/// JSON in UTF-8: without this, a missing, unknown or unparseable content type, or an unknown charset, throws
/// <see cref="InvalidOperationException"/> inside the SDK and was answered 500. Refused here with a 415 problem.
/// </summary>
public static class JsonBodyOnly
{
    public static TBuilder RequireJsonBody<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            var inner = endpoint.RequestDelegate!;
            endpoint.RequestDelegate = async context =>
            {
                if (HttpMethods.IsPost(context.Request.Method) && !IsUtf8Json(context.Request.ContentType))
                {
                    await ApiProblems.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType, "The body must be JSON in UTF-8 (Content-Type: application/json).");
                    return;
                }

                await inner(context);
            };
        });
        return builder;
    }

    private static bool IsUtf8Json(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var mediaType)
        && (mediaType.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || mediaType.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase))
        && (!mediaType.Charset.HasValue || mediaType.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));
}
