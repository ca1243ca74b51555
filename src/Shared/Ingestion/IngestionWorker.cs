using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RagMemory.Logging;
using Serilog.Context;

namespace RagMemory.Ingestion;

/// <summary>
/// The one consumer of the event bus, whatever the bus is. At start it resumes what a stopped process left unfinished
/// and publishes what was accepted but never published (and again, for what stays so, every
/// <see cref="IngestionOptions.ReconcileInterval"/>); then it takes due deliveries in batches, records each outcome
/// in the store, and only then settles the delivery on the bus: acknowledged when done, retried later or dead-lettered
/// as the <see cref="RetryPolicy"/> says. A crash between the two leaves a delivery the bus hands out again. With the
/// reconciliation, and after a batch that made replacements visible, it sweeps the index rows the store recorded as
/// obsolete (<see cref="EventDeletion.SweepAsync"/>).
/// When the host stops, the worker takes no new batch; the one in hand gets <see cref="IngestionOptions.ShutdownGrace"/>
/// to finish, and past it is cancelled and left unacknowledged, which hands its events back to the bus.
/// </summary>
public sealed partial class IngestionWorker(
    IEventBus bus,
    IEventStore store,
    EventPublisher publisher,
    RetryPolicy retry,
    IngestionPipeline pipeline,
    EventDeletion deletion,
    IOptions<IngestionOptions> options,
    TimeProvider time,
    ILogger<IngestionWorker> logger) : BackgroundService
{
    private readonly IngestionOptions _options = options.Value;
    private DateTimeOffset _nextReconcile = DateTimeOffset.MaxValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var graceEnded = new CancellationTokenSource();
        using var graceStarts = stoppingToken.Register(() => graceEnded.CancelAfter(_options.ShutdownGrace));
        var resumedInterrupted = false;
        var abandoned = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Inside the loop so that a backend that is down at start delays the resume instead of stopping the host.
                if (!resumedInterrupted)
                {
                    await ResumeAsync(stoppingToken).ConfigureAwait(false);
                    resumedInterrupted = true;
                }
                else if (time.GetUtcNow() >= _nextReconcile)
                {
                    // Only events unpublished for a whole interval: younger ones may be a submission still publishing.
                    await PublishUnpublishedAsync(time.GetUtcNow() - _options.ReconcileInterval, stoppingToken).ConfigureAwait(false);
                    await SweepAsync(stoppingToken).ConfigureAwait(false);
                }

                if (abandoned)
                {
                    await HandBackAbandonedAsync(stoppingToken).ConfigureAwait(false);
                    abandoned = false;
                }

                var deliveries = await bus.ReceiveAsync(_options.BatchSize, stoppingToken).ConfigureAwait(false);
                if (deliveries.Count == 0)
                {
                    await bus.WaitForWorkAsync(_options.PollInterval, stoppingToken).ConfigureAwait(false);
                    continue;
                }

                await ProcessInGraceAsync(deliveries, stoppingToken, graceEnded.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
#pragma warning disable CA1031 // The worker must outlive any failure of the bus or store; it logs and tries again.
            catch (Exception exception)
#pragma warning restore CA1031
            {
                LogQueueFailed(logger, exception);
                await Task.Delay(_options.PollInterval, stoppingToken).ConfigureAwait(false);
                abandoned = true;
            }
        }
    }

    /// <summary>
    /// Processes a batch under the grace token, which is cancelled only <see cref="IngestionOptions.ShutdownGrace"/>
    /// after the host began to stop, so that a stop does not cut short work that would finish in time.
    /// </summary>
    private async Task ProcessInGraceAsync(IReadOnlyList<EventDelivery> deliveries, CancellationToken stoppingToken, CancellationToken graceEnded)
    {
        try
        {
            await ProcessAsync(deliveries, graceEnded).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (graceEnded.IsCancellationRequested)
        {
            LogHandedBack(logger, deliveries.Count, _options.ShutdownGrace);
            throw;
        }

        if (stoppingToken.IsCancellationRequested)
        {
            LogFinishedWhileStopping(logger, deliveries.Count);
        }
    }

    /// <summary>
    /// A round that failed while settling (the store or the bus down between processing and acknowledging) leaves
    /// deliveries handed out that no one will settle: without this they would wait for the next start. The worker
    /// holds nothing now, so every unacknowledged delivery is abandoned and can be due again. It runs before the next
    /// receive, and until it succeeds: a bus that still fails fails the round, and a later one tries again (a receive
    /// alone would never find what is held).
    /// </summary>
    private async Task HandBackAbandonedAsync(CancellationToken stoppingToken)
    {
        var handedBack = await bus.RecoverUnacknowledgedAsync(stoppingToken).ConfigureAwait(false);
        if (handedBack > 0)
        {
            LogHandedBackAbandoned(logger, handedBack);
        }
    }

    private async Task ResumeAsync(CancellationToken stoppingToken)
    {
        var resumed = await store.RequeueInterruptedAsync(stoppingToken).ConfigureAwait(false);
        await bus.RecoverUnacknowledgedAsync(stoppingToken).ConfigureAwait(false);
        if (resumed > 0)
        {
            LogResumed(logger, resumed);
        }

        await PublishUnpublishedAsync(DateTimeOffset.MaxValue, stoppingToken).ConfigureAwait(false);
        await SweepAsync(stoppingToken).ConfigureAwait(false);
    }

    /// <summary>Never fails its caller: a store that cannot list the cleanups now is asked again at the next reconciliation.</summary>
    private async Task SweepAsync(CancellationToken stoppingToken)
    {
        try
        {
            var cleaned = await deletion.SweepAsync(stoppingToken).ConfigureAwait(false);
            if (cleaned > 0)
            {
                LogSwept(logger, cleaned);
            }
        }
#pragma warning disable CA1031 // A failed sweep must not fail the batch it follows or the reconciliation.
        catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            LogQueueFailed(logger, exception);
        }
    }

    private async Task PublishUnpublishedAsync(DateTimeOffset unchangedSince, CancellationToken stoppingToken)
    {
        var published = await publisher.PublishUnpublishedAsync(unchangedSince, stoppingToken).ConfigureAwait(false);
        _nextReconcile = time.GetUtcNow() + _options.ReconcileInterval;
        if (published > 0)
        {
            LogPublishedUnpublished(logger, published);
        }
    }

    private async Task ProcessAsync(IReadOnlyList<EventDelivery> deliveries, CancellationToken stoppingToken)
    {
        var work = new List<(EventDelivery Delivery, IngestStatus Status)>(deliveries.Count);
        var skipped = new List<EventDelivery>();
        foreach (var inNamespace in deliveries.GroupBy(d => d.Envelope.Namespace))
        {
            var started = (await store.StartAttemptsAsync(inNamespace.Key, [.. inNamespace.Select(d => d.Envelope.Event.Id).Distinct()], stoppingToken).ConfigureAwait(false))
                .ToDictionary(s => s.Id);
            foreach (var delivery in inNamespace)
            {
                // An at-least-once bus can hand out two copies of one event in a batch (it was published twice): the
                // first is processed, the second settled as a duplicate.
                if (started.Remove(delivery.Envelope.Event.Id, out var status))
                {
                    work.Add((delivery, status));
                }
                else
                {
                    skipped.Add(delivery);
                }
            }
        }

        // Done already (a second publication), a second copy, dead-lettered, or deleted: nothing to do, and the bus may forget it.
        if (skipped.Count > 0)
        {
            await bus.AcknowledgeAsync(skipped, stoppingToken).ConfigureAwait(false);
        }

        if (work.Count > 0)
        {
            await ProcessBatchAsync(work, stoppingToken).ConfigureAwait(false);
        }
    }

    private async Task ProcessBatchAsync(IReadOnlyList<(EventDelivery Delivery, IngestStatus Status)> batch, CancellationToken stoppingToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            foreach (var inNamespace in batch.GroupBy(b => b.Delivery.Envelope.Namespace))
            {
                await pipeline.ProcessAsync(inNamespace.Key, [.. inNamespace.Select(b => new SourceEvent(b.Delivery.Envelope.Event, b.Status))], stoppingToken).ConfigureAwait(false);

                // A delete that ran while the batch was processed may have found the indexes before these writes: they go now.
                var written = inNamespace.Select(b => b.Status.Id).ToList();
                var deleted = await deletion.RemoveIfDeletedAsync(inNamespace.Key, written, stoppingToken).ConfigureAwait(false);
                await store.MarkDoneAsync(inNamespace.Key, [.. written.Except(deleted)], stoppingToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            if (batch.Count > 1)
            {
                // One bad event must not cost its batch-mates an attempt: retry them one by one to find it.
                foreach (var one in batch)
                {
                    await ProcessBatchAsync([one], stoppingToken).ConfigureAwait(false);
                }

                return;
            }

            await FailAsync(batch[0].Delivery, batch[0].Status, exception, stoppingToken).ConfigureAwait(false);
            return;
        }

        // Outside the failure handling: the events are done, and a bus that cannot take the acknowledgement must not
        // make them failed in the store. The round fails, the worker hands the batch back, and its redelivery is
        // acknowledged as done.
        await bus.AcknowledgeAsync([.. batch.Select(b => b.Delivery)], stoppingToken).ConfigureAwait(false);
        if (batch.Any(b => IndexKeys.Parse(b.Status.Id).Version > 1))
        {
            // Replacements became visible: the versions they replaced go from the indexes now, not at the next reconciliation.
            await SweepAsync(stoppingToken).ConfigureAwait(false);
        }

        foreach (var (delivery, _) in batch)
        {
            using (LogContext.PushProperty(CorrelationContext.PropertyName, delivery.Envelope.Event.CorrelationId))
            {
                LogEventDone(logger, delivery.Envelope.Event.Id.ToString());
            }
        }

        LogBatchDone(logger, batch.Count, (long)System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    /// <summary>The store learns of the failure first; the bus then schedules the retry or moves the delivery to the dead letters.</summary>
    private async Task FailAsync(EventDelivery delivery, IngestStatus status, Exception exception, CancellationToken stoppingToken)
    {
        var ingestEvent = delivery.Envelope.Event;
        using (LogContext.PushProperty(CorrelationContext.PropertyName, ingestEvent.CorrelationId))
        {
            LogEventFailed(logger, ingestEvent.Id.ToString(), exception);
        }

        // Deleted while it was processed: no retry will come (the store no longer has it), so what the failed attempt
        // wrote before failing is removed here.
        if ((await deletion.RemoveIfDeletedAsync(delivery.Envelope.Namespace, [ingestEvent.Id], stoppingToken).ConfigureAwait(false)).Count > 0)
        {
            await bus.AcknowledgeAsync([delivery], stoppingToken).ConfigureAwait(false);
            return;
        }

        var error = $"{exception.GetType().Name}: {exception.Message}";
        if (retry.NextAttemptAt(status.Attempts) is { } dueAt)
        {
            await store.MarkFailedAsync(delivery.Envelope.Namespace, ingestEvent.Id, error, stoppingToken).ConfigureAwait(false);
            await bus.RetryLaterAsync(delivery, dueAt, stoppingToken).ConfigureAwait(false);
        }
        else
        {
            await store.MarkDeadLetteredAsync(delivery.Envelope.Namespace, ingestEvent.Id, error, stoppingToken).ConfigureAwait(false);
            await bus.DeadLetterAsync(delivery, error, stoppingToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Resumed {Count} ingestion events left unfinished by the previous run")]
    private static partial void LogResumed(ILogger logger, int count);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Ingested {Count} events in {ElapsedMs} ms")]
    private static partial void LogBatchDone(ILogger logger, int count, long elapsedMs);

    [LoggerMessage(EventId = 3005, Level = LogLevel.Information, Message = "Ingestion event {IngestEventId} is done")]
    private static partial void LogEventDone(ILogger logger, string ingestEventId);

    [LoggerMessage(EventId = 3006, Level = LogLevel.Warning, Message = "Published {Count} accepted ingestion events whose publication was not recorded")]
    private static partial void LogPublishedUnpublished(ILogger logger, int count);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Ingestion of event {IngestEventId} failed")]
    private static partial void LogEventFailed(ILogger logger, string ingestEventId, Exception exception);

    [LoggerMessage(EventId = 3009, Level = LogLevel.Information, Message = "Removed the index rows of {Count} obsolete event versions")]
    private static partial void LogSwept(ILogger logger, int count);

    [LoggerMessage(EventId = 3031, Level = LogLevel.Information, Message = "Stopping: finished the {Count} ingestion events in hand")]
    private static partial void LogFinishedWhileStopping(ILogger logger, int count);

    [LoggerMessage(EventId = 3032, Level = LogLevel.Warning, Message = "Stopping: {Count} ingestion events in hand did not finish within {Grace}; handed back unacknowledged, to be delivered again")]
    private static partial void LogHandedBack(ILogger logger, int count, TimeSpan grace);

    [LoggerMessage(EventId = 3033, Level = LogLevel.Warning, Message = "Handed {Count} ingestion deliveries whose settlement failed back to the bus, to be delivered again")]
    private static partial void LogHandedBackAbandoned(ILogger logger, int count);

    [LoggerMessage(EventId = 3004, Level = LogLevel.Error, Message = "The ingestion event bus or store failed; retrying")]
    private static partial void LogQueueFailed(ILogger logger, Exception exception);
}
