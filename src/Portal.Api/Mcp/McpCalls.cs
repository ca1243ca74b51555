using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using ModelContextProtocol;
using RagMemory.Errors;
using RagMemory.RateLimiting;

namespace RagMemory.Api.Mcp;

/// <summary>
/// Runs an MCP tool call as the API runs the route it mirrors: the caller must hold the route's permission (judged by
/// the same authorization policy), spends a permit of the route's rate-limit policy, is logged with the tool and the
/// user, and any failure comes back as an MCP tool error carrying the message a problem-details answer would have.
/// </summary>
public sealed partial class McpCalls(IAuthorizationService authorization, RateLimitRegistry limits, IHttpContextAccessor http, ILogger<McpCalls> logger)
{
    /// <summary>Runs <paramref name="call"/> for the request's user (stateless transport: the tool runs inside the POST that called it).</summary>
    public async Task<T> RunAsync<T>(string tool, string permission, string ratePolicy, Func<ClaimsPrincipal, Task<T>> call)
    {
        var user = http.HttpContext?.User ?? new ClaimsPrincipal();
        var name = user.Identity?.Name ?? "unknown";
        try
        {
            if (!(await authorization.AuthorizeAsync(user, permission)).Succeeded)
            {
                throw new McpException($"403 · The '{tool}' tool needs the {permission} permission.");
            }

            limits.Acquire(ratePolicy, RateLimitPartitionKey.For(user, http.HttpContext?.Connection.RemoteIpAddress));
            var result = await call(user);
            LogCalled(logger, tool, name);
            return result;
        }
        catch (Exception exception) when (exception is not McpException && exception is not OperationCanceledException)
        {
            var failure = Failure.Of(exception);
            LogFailed(logger, tool, name, failure.Status, exception.GetType().Name);
            throw new McpException(failure.Field is null ? $"{failure.Status} · {failure.Message}" : $"{failure.Status} · {failure.Message} (field '{failure.Field}')", exception);
        }
        catch (McpException refused)
        {
            LogRefused(logger, tool, name, refused.Message);
            throw;
        }
    }

    [LoggerMessage(EventId = 4601, Level = LogLevel.Information, Message = "MCP tool {McpTool} called by {User}")]
    private static partial void LogCalled(ILogger logger, string mcpTool, string user);

    [LoggerMessage(EventId = 4602, Level = LogLevel.Warning, Message = "MCP tool {McpTool} failed for {User} with {StatusCode}: {FailureType}")]
    private static partial void LogFailed(ILogger logger, string mcpTool, string user, int statusCode, string failureType);

    [LoggerMessage(EventId = 4603, Level = LogLevel.Warning, Message = "MCP tool {McpTool} refused for {User}: {Reason}")]
    private static partial void LogRefused(ILogger logger, string mcpTool, string user, string reason);
}
