using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RagMemory.RateLimiting;

/// <summary>
/// Applies the stored limit overrides before the first request is served, then every <c>RateLimiting:RefreshInterval</c>,
/// so that a change an admin makes on one replica holds on every replica within that interval.
/// </summary>
public sealed partial class RateLimitOverridesRefresher(RateLimitRegistry registry, IOptions<RateLimitingOptions> options, TimeProvider time, ILogger<RateLimitOverridesRefresher> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // Awaited here, not in ExecuteAsync: hosted services start before the server listens, so no request sees the
        // configured limit where an admin's stored one applies.
        await registry.ApplyStoredOverridesAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await registry.ApplyStoredOverridesAsync(stoppingToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The limits in force stay; the next tick tries again.
                LogRefreshFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Reading the stored rate-limit overrides failed; the limits in force stay until the next refresh")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
