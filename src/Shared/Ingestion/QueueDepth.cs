using Microsoft.Extensions.Logging;
using RagMemory.Namespaces;

namespace RagMemory.Ingestion;

/// <summary>
/// The event store's counts for <c>/metrics</c>, of the whole queue (every namespace summed: the queue is one, whoever
/// its events belong to), read in the background and kept for a few seconds. A scrape takes the last reading without
/// waiting, so neither a slow store nor a scrape storm ties up the exporter or the store.
/// </summary>
public sealed partial class QueueDepth(IEventStore store, TimeProvider time, ILogger<QueueDepth> logger)
{
    /// <summary>How old a reading may be before a scrape starts the next one.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    private Reading? _latest;
    private int _refreshing;

    /// <summary>The last reading (null before the first); starts a new one in the background when it is older than <see cref="MaxAge"/>.</summary>
    public QueueCounts? Latest()
    {
        var latest = Volatile.Read(ref _latest);
        if ((latest is null || time.GetUtcNow() - latest.ReadAt >= MaxAge) && Interlocked.CompareExchange(ref _refreshing, 1, 0) == 0)
        {
            _ = Task.Run(RefreshAsync);
        }

        return latest?.Counts;
    }

    /// <summary>Reads the counts now; a failure keeps the previous reading and is logged, as a scrape has no one to tell.</summary>
    public async Task RefreshAsync()
    {
        try
        {
            var counts = QueueCounts.None;
            foreach (var ns in (await store.ListNamespacesAsync().ConfigureAwait(false)).Append(MemoryNamespace.Default).Distinct())
            {
                counts += await store.GetCountsAsync(ns).ConfigureAwait(false);
            }

            Volatile.Write(ref _latest, new Reading(counts, time.GetUtcNow()));
        }
#pragma warning disable CA1031 // A metrics reading must never fault; the next scrape tries again.
        catch (Exception exception)
#pragma warning restore CA1031
        {
            LogReadFailed(logger, exception);
        }
        finally
        {
            Volatile.Write(ref _refreshing, 0);
        }
    }

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "Reading the ingestion counts for metrics failed")]
    private static partial void LogReadFailed(ILogger logger, Exception exception);

    private sealed record Reading(QueueCounts Counts, DateTimeOffset ReadAt);
}
