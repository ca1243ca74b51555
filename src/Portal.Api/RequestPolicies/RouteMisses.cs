using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace RagMemory.Api.RequestPolicies;

/// <summary>
/// An error status with no body (no route matched, a route constraint failed, a method is not allowed) becomes
/// problem details for clients that accept JSON; a browser asking for a page gets the status alone, as before.
/// </summary>
public static class RouteMisses
{
    /// <summary>
    /// Runs inside the status code pages, so on the way out it comes first: an error status that named a content type
    /// but wrote nothing (SignalR's negotiate answers a wrong method so) loses the content type, which status code
    /// pages take for a body, and gets its problem too. Nothing was written while the answer has not started.
    /// </summary>
    public static IApplicationBuilder UseEmptyErrorsAsRouteMisses(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        await next(context);
        if (!context.Response.HasStarted && context.Response.StatusCode >= 400 && context.Response.ContentLength is null or 0)
        {
            context.Response.ContentType = null;
            context.Response.ContentLength = null;
        }
    });

    public static async Task WriteAsync(StatusCodeContext context)
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = status,
                Title = ReasonPhrase(status),
                Detail = status switch
                {
                    StatusCodes.Status404NotFound => $"Nothing is at {http.Request.Method} {http.Request.Path}: check the route and its parameters (an id that must be a number, say).",
                    StatusCodes.Status405MethodNotAllowed => $"{http.Request.Path} does not answer {http.Request.Method}.",
                    _ => null,
                },
            },
        });
    }

    private static string ReasonPhrase(int status) => Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";
}
