using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RagMemory.Logging;
using Serilog.Context;

namespace RagMemory.Ingestion;

/// <summary>
/// The background consumer of the ingestion queue. It resumes events a stopped process left unfinished, takes due
/// events in batches, and records each failure so the queue can retry it or dead-letter it.
/// </summary>
public sealed partial class IngestionWorker(
    IIngestionQueue queue,
    IngestionPipeline pipeline,
    IOptions<IngestionOptions> options,
    ILogger<IngestionWorker> logger) : BackgroundService
{
    private readonly IngestionOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var resumedInterrupted = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Inside the loop so that a queue that is down at start delays the resume instead of stopping the host.
                if (!resumedInterrupted)
                {
                    var resumed = await queue.RequeueInterruptedAsync(stoppingToken).ConfigureAwait(false);
                    resumedInterrupted = true;
                    if (resumed > 0)
                    {
                        LogResumed(logger, resumed);
                    }
                }

                var batch = await queue.ClaimDueAsync(_options.BatchSize, stoppingToken).ConfigureAwait(false);
                if (batch.Count == 0)
                {
                    await queue.WaitForWorkAsync(_options.PollInterval, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                await ProcessAsync(batch, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The worker must outlive any failure of the queue itself; it logs and tries again.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                LogQueueFailed(logger, exception);
                await Task.Delay(_options.PollInterval, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    private async Task ProcessAsync(IReadOnlyList<IngestEvent> batch, CancellationToken stoppingToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            await pipeline.ProcessAsync(batch, stoppingToken).ConfigureAwait(false);
            foreach (var ingestEvent in batch)
            {
                await queue.CompleteAsync(ingestEvent.Id, stoppingToken).ConfigureAwait(false);
                using (LogContext.PushProperty(CorrelationContext.PropertyName, ingestEvent.CorrelationId))
                {
                    LogEventDone(logger, ingestEvent.Id.ToString());
                }
            }

            LogBatchDone(logger, batch.Count, (long)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            if (batch.Count > 1)
            {
                // One bad event must not cost its batch-mates an attempt: retry them one by one to find it.
                foreach (var ingestEvent in batch)
                {
                    await ProcessAsync([ingestEvent], stoppingToken).ConfigureAwait(false);
                }

                return;
            }

            using (LogContext.PushProperty(CorrelationContext.PropertyName, batch[0].CorrelationId))
            {
                LogEventFailed(logger, batch[0].Id.ToString(), exception);
            }

            await queue.FailAsync(batch[0].Id, $"{exception.GetType().Name}: {exception.Message}", stoppingToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Resumed {Count} ingestion events left unfinished by the previous run")]
    private static partial void LogResumed(ILogger logger, int count);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Ingested {Count} events in {ElapsedMs} ms")]
    private static partial void LogBatchDone(ILogger logger, int count, long elapsedMs);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Ingestion event {IngestEventId} is done")]
    private static partial void LogEventDone(ILogger logger, string ingestEventId);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Ingestion of event {IngestEventId} failed")]
    private static partial void LogEventFailed(ILogger logger, string ingestEventId, Exception exception);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "The ingestion queue failed; retrying")]
    private static partial void LogQueueFailed(ILogger logger, Exception exception);
}
