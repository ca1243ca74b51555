using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace RagMemory.Api.RequestPolicies;

/// <summary>
/// An error status with no body (no route matched, a route constraint failed, a method is not allowed) becomes
/// problem details for clients that accept JSON; a browser asking for a page gets the status alone, as before.
/// </summary>
public static class RouteMisses
{
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
