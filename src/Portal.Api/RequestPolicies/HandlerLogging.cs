using System.Diagnostics;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.Infrastructure;

namespace RagMemory.Api.RequestPolicies;

/// <summary>
/// Logs the start, success and failure of every API handler with its route identifiers, the user and the elapsed time,
/// so no handler can forget to. Bodies are never logged: they hold texts, vectors and passwords.
/// </summary>
public sealed partial class HandlerLogging(ILogger<HandlerLogging> logger) : IAsyncActionFilter
{
    public async Task OnActionExecutionAsync(ActionExecutingContext context, ActionExecutionDelegate next)
    {
        var handler = context.ActionDescriptor is ControllerActionDescriptor action ? $"{action.ControllerName}.{action.ActionName}" : context.ActionDescriptor.DisplayName ?? "unknown";
        // Route values and names are the caller's choice: no control characters reach any log sink.
        var ids = Logging.LogText.Safe(string.Join(",", context.RouteData.Values.Where(v => v.Key is not ("controller" or "action")).Select(v => $"{v.Key}={v.Value}")));
        var user = Logging.LogText.Safe(context.HttpContext.User.Identity?.Name ?? "anonymous");
        LogStarted(logger, handler, ids, user);
        var started = Stopwatch.GetTimestamp();
        var executed = await next();
        var elapsed = (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (executed.Exception is { } exception && !executed.ExceptionHandled)
        {
            LogFailed(logger, handler, ids, user, elapsed, exception.GetType().Name);
        }
        else
        {
            // The result has not been written yet, so the status it will write is read from the result itself.
            var status = executed.Result is IStatusCodeActionResult { StatusCode: { } code } ? code : context.HttpContext.Response.StatusCode;
            LogSucceeded(logger, handler, ids, user, elapsed, status);
        }
    }

    [LoggerMessage(EventId = 4101, Level = LogLevel.Information, Message = "{Handler} started ({Ids}) by {User}")]
    private static partial void LogStarted(ILogger logger, string handler, string ids, string user);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "{Handler} succeeded ({Ids}) for {User} in {ElapsedMs} ms with {StatusCode}")]
    private static partial void LogSucceeded(ILogger logger, string handler, string ids, string user, long elapsedMs, int statusCode);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "{Handler} failed ({Ids}) for {User} after {ElapsedMs} ms: {FailureType}")]
    private static partial void LogFailed(ILogger logger, string handler, string ids, string user, long elapsedMs, string failureType);
}
