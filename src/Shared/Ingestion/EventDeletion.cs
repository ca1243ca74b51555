using Microsoft.Extensions.Logging;
using RagMemory.Errors;
using RagMemory.Graph;
using RagMemory.Keywords;
using RagMemory.Namespaces;
using RagMemory.Vectors;

namespace RagMemory.Ingestion;

/// <summary>
/// Forgets an ingested event everywhere, through the ports only, so every engine is covered: the store's row, the
/// chunks' vectors, the keyword rows and the graph mentions (with the entities no other event mentions) of every
/// version it has. The API, the portal and the MCP tools all delete through here. It also sweeps what is left: the index
/// keys the store recorded as obsolete (a deleted event's, a replaced version's) whose removal failed or never ran.
/// </summary>
/// <remarks>
/// The store's row goes first, with an audit record and the index keys to clean, in one transaction; the indexes after.
/// The worker writes the indexes first and then asks the store whether the event is still there
/// (<see cref="RemoveIfDeletedAsync"/>). Whichever way a delete and a processing interleave, one of the two removes what
/// the other wrote: a delete that removed the row before the worker asked is seen by the worker; one that removed it
/// after found the worker's writes finished and removes them itself. An index that fails during the removal leaves its
/// key recorded, and <see cref="SweepAsync"/> (run by the worker) tries again until it succeeds.
/// </remarks>
public sealed partial class EventDeletion(
    IEventStore store,
    IChunkStore chunks,
    IKeywordIndex keywords,
    IGraphStore graph,
    TimeProvider time,
    ILogger<EventDeletion> logger)
{
    /// <summary>The most index keys one sweep cleans.</summary>
    public const int SweepBatch = 100;

    /// <summary>
    /// Deletes the event and all that was derived from it; <see cref="NotFoundException"/> when there is none. An index
    /// that fails to remove its part does not fail the delete (it is done, and audited): the sweep finishes it.
    /// </summary>
    /// <param name="actor">Who asked, for the audit (an account name or API client id).</param>
    public async Task DeleteAsync(MemoryNamespace ns, RecordId id, string actor, CancellationToken cancellationToken = default)
    {
        var keys = await store.DeleteAsync(ns, id, actor, cancellationToken).ConfigureAwait(false)
            ?? throw new NotFoundException($"No ingestion event with id {id}.");
        LogDeleted(logger, id.ToString(), ns.ToString(), actor, time.GetUtcNow());
        foreach (var key in keys)
        {
            await CleanAsync(ns, key, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Called by the worker after writing the indexes of <paramref name="ids"/> (event ids or index keys of
    /// replacements): removes what it wrote for those the store no longer has (deleted or superseded meanwhile) and
    /// returns them.
    /// </summary>
    public async Task<IReadOnlyList<RecordId>> RemoveIfDeletedAsync(MemoryNamespace ns, IReadOnlyList<RecordId> ids, CancellationToken cancellationToken = default)
    {
        var known = (await store.GetEventsAsync(ns, ids, cancellationToken).ConfigureAwait(false)).Select(s => s.Event.Id).ToHashSet();
        var deleted = ids.Where(id => !known.Contains(id)).ToList();
        foreach (var id in deleted)
        {
            await RemoveDerivedAsync(ns, id, cancellationToken).ConfigureAwait(false);
            LogRemovedAfterProcessing(logger, id.ToString(), ns.ToString());
        }

        return deleted;
    }

    /// <summary>Cleans up to <see cref="SweepBatch"/> recorded index keys; returns how many are now clean.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken = default)
    {
        var cleaned = 0;
        foreach (var cleanup in await store.ListCleanupsAsync(SweepBatch, cancellationToken).ConfigureAwait(false))
        {
            cleaned += await CleanAsync(cleanup.Namespace, cleanup.Key, cancellationToken).ConfigureAwait(false) ? 1 : 0;
        }

        return cleaned;
    }

    private async Task<bool> CleanAsync(MemoryNamespace ns, RecordId key, CancellationToken cancellationToken)
    {
        try
        {
            await RemoveDerivedAsync(ns, key, cancellationToken).ConfigureAwait(false);
            await store.CompleteCleanupAsync(ns, key, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogCleanupFailed(logger, key.ToString(), ns.ToString(), exception);
            await TryCountFailureAsync(ns, key, exception, cancellationToken).ConfigureAwait(false);
            return false;
        }
    }

    /// <summary>The count is for operators; a store that is down as well must not turn the failure into another.</summary>
    private async Task TryCountFailureAsync(MemoryNamespace ns, RecordId key, Exception failure, CancellationToken cancellationToken)
    {
        try
        {
            await store.MarkCleanupFailedAsync(ns, key, $"{failure.GetType().Name}: {failure.Message}", cancellationToken).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // The key stays recorded either way; the sweep retries it.
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
#pragma warning restore CA1031
        {
            LogCleanupFailed(logger, key.ToString(), ns.ToString(), exception);
        }
    }

    private async Task RemoveDerivedAsync(MemoryNamespace ns, RecordId key, CancellationToken cancellationToken)
    {
        await chunks.DeleteEventAsync(ns, key, cancellationToken).ConfigureAwait(false);
        await keywords.DeleteEventAsync(ns, key, cancellationToken).ConfigureAwait(false);
        await graph.DeleteEventGraphAsync(ns, key, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 4210, Level = LogLevel.Information, Message = "Audit: ingestion event {IngestEventId} in namespace {Namespace} deleted by {Actor} at {DeletedAt}")]
    private static partial void LogDeleted(ILogger logger, string ingestEventId, string @namespace, string actor, DateTimeOffset deletedAt);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information, Message = "Ingestion event {IngestEventId} in namespace {Namespace} was deleted while it was processed; what the processing wrote is removed")]
    private static partial void LogRemovedAfterProcessing(ILogger logger, string ingestEventId, string @namespace);

    [LoggerMessage(EventId = 3008, Level = LogLevel.Warning, Message = "Removing the index rows of {IndexKey} in namespace {Namespace} failed; the sweep tries again")]
    private static partial void LogCleanupFailed(ILogger logger, string indexKey, string @namespace, Exception exception);
}
