using System.Diagnostics;
using Microsoft.AspNetCore.Components.Authorization;
using RagMemory.Errors;
using RagMemory.Logging;
using Serilog.Context;

namespace RagMemory.Portal.Components;

/// <summary>
/// Runs one action a person takes in the portal the way the API runs a request: under a new correlation id that is on
/// every log event of the action and travels with any ingestion it queues, logged with the user and the elapsed time,
/// and with any exception classified into the API's categories and handed back with that correlation id to show.
/// </summary>
public sealed partial class PortalAction(AuthenticationStateProvider authentication, ILogger<PortalAction> logger)
{
    /// <summary>Null when the action succeeded; otherwise what went wrong, as the API would have answered it.</summary>
    public async Task<Failure?> RunAsync(string name, Func<Task> action)
    {
        var correlationId = Guid.NewGuid().ToString("N");
        var user = (await authentication.GetAuthenticationStateAsync()).User.Identity?.Name ?? "anonymous";
        CorrelationContext.Current = correlationId;
        using var correlation = LogContext.PushProperty(CorrelationContext.PropertyName, correlationId);
        using var signedIn = LogContext.PushProperty("User", user);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await action();
            LogSucceeded(logger, name, user, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return null;
        }
        catch (Exception exception)
        {
            var failure = Failure.Of(exception) with { CorrelationId = correlationId };
            LogFailed(logger, name, user, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds, failure.Status, exception.GetType().Name);
            if (failure.Status == 500)
            {
                LogUnexpected(logger, exception, name);
            }

            return failure;
        }
        finally
        {
            CorrelationContext.Current = null;
        }
    }

    [LoggerMessage(EventId = 4901, Level = LogLevel.Information, Message = "Portal action {PortalAction} succeeded for {User} in {ElapsedMs} ms")]
    private static partial void LogSucceeded(ILogger logger, string portalAction, string user, long elapsedMs);

    [LoggerMessage(EventId = 4902, Level = LogLevel.Warning, Message = "Portal action {PortalAction} failed for {User} after {ElapsedMs} ms with {StatusCode}: {FailureType}")]
    private static partial void LogFailed(ILogger logger, string portalAction, string user, long elapsedMs, int statusCode, string failureType);

    [LoggerMessage(EventId = 4903, Level = LogLevel.Error, Message = "Portal action {PortalAction} failed unexpectedly")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string portalAction);
}
