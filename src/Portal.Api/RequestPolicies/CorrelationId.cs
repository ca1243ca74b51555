using System.Text.RegularExpressions;
using RagMemory.Logging;
using Serilog.Context;

namespace RagMemory.Api.RequestPolicies;

/// <summary>
/// Gives every request a correlation id: a valid <c>X-Correlation-ID</c> from the caller, else a new one. It becomes the
/// request's trace identifier (so problem details carry it), is returned in the response header, is on every log event
/// of the request, and travels with any ingestion event the request queues.
/// </summary>
public static partial class CorrelationId
{
    public const string Header = "X-Correlation-ID";

    public static IApplicationBuilder UseCorrelationId(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var incoming = context.Request.Headers[Header].ToString();
        context.TraceIdentifier = ValidId().IsMatch(incoming) ? incoming : Guid.NewGuid().ToString("N");
        context.Response.Headers[Header] = context.TraceIdentifier;
        CorrelationContext.Current = context.TraceIdentifier;
        using (LogContext.PushProperty(CorrelationContext.PropertyName, context.TraceIdentifier))
        {
            await next(context);
        }
    });

    /// <summary>Adds the signed-in user's name to every later log event of the request; runs after authentication.</summary>
    public static IApplicationBuilder UseUserLogContext(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        using (LogContext.PushProperty("User", context.User.Identity?.IsAuthenticated == true ? context.User.Identity.Name : null))
        {
            await next(context);
        }
    });

    [GeneratedRegex("^[A-Za-z0-9._-]{8,64}$")]
    private static partial Regex ValidId();
}
