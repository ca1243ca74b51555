using Microsoft.Extensions.Logging;
using RagMemory.Errors;
using RagMemory.Graph;
using RagMemory.Keywords;
using RagMemory.Namespaces;
using RagMemory.Vectors;

namespace RagMemory.Ingestion;

/// <summary>
/// Forgets an ingested event everywhere, through the ports only, so every engine is covered: the store's row, the
/// chunks' vectors, the keyword rows and the graph mentions (with the entities no other event mentions). The API, the
/// portal and the MCP tools all delete through here.
/// </summary>
/// <remarks>
/// The store's row goes first, the indexes after. The worker writes the indexes first and then asks the store whether
/// the event is still there (<see cref="RemoveIfDeletedAsync"/>). Whichever way a delete and a processing interleave,
/// one of the two removes what the other wrote: a delete that removed the row before the worker asked is seen by the
/// worker; one that removed it after found the worker's writes finished and removes them itself.
/// </remarks>
public sealed partial class EventDeletion(
    IEventStore store,
    IChunkStore chunks,
    IKeywordIndex keywords,
    IGraphStore graph,
    TimeProvider time,
    ILogger<EventDeletion> logger)
{
    /// <summary>Deletes the event and all that was derived from it; <see cref="NotFoundException"/> when there is none.</summary>
    /// <param name="actor">Who asked, for the audit log (an account name or API client id).</param>
    public async Task DeleteAsync(MemoryNamespace ns, RecordId id, string actor, CancellationToken cancellationToken = default)
    {
        if (!await store.DeleteAsync(ns, id, cancellationToken).ConfigureAwait(false))
        {
            throw new NotFoundException($"No ingestion event with id {id}.");
        }

        await RemoveDerivedAsync(ns, id, cancellationToken).ConfigureAwait(false);
        LogDeleted(logger, id.ToString(), ns.ToString(), actor, time.GetUtcNow());
    }

    /// <summary>
    /// Called by the worker after writing the indexes of <paramref name="ids"/>: removes what it wrote for those the
    /// store no longer has (deleted meanwhile) and returns them.
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

    private async Task RemoveDerivedAsync(MemoryNamespace ns, RecordId id, CancellationToken cancellationToken)
    {
        await chunks.DeleteEventAsync(ns, id, cancellationToken).ConfigureAwait(false);
        await keywords.DeleteEventAsync(ns, id, cancellationToken).ConfigureAwait(false);
        await graph.DeleteEventGraphAsync(ns, id, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 4210, Level = LogLevel.Information, Message = "Audit: ingestion event {IngestEventId} in namespace {Namespace} deleted by {Actor} at {DeletedAt}")]
    private static partial void LogDeleted(ILogger logger, string ingestEventId, string @namespace, string actor, DateTimeOffset deletedAt);

    [LoggerMessage(EventId = 3007, Level = LogLevel.Information, Message = "Ingestion event {IngestEventId} in namespace {Namespace} was deleted while it was processed; what the processing wrote is removed")]
    private static partial void LogRemovedAfterProcessing(ILogger logger, string ingestEventId, string @namespace);
}
