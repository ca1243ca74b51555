using RagMemory.Namespaces;
using RagMemory.Vectors;

namespace RagMemory.Ingestion;

/// <summary>
/// Which of the index keys a search found it may show, and as which event: the one place where searches learn that an
/// event has versions. A key is shown when its version is the one the store calls visible, so a replacement still
/// being indexed and a replaced version not yet removed are both left out, and the switch from one to the other is the
/// store's single write (<see cref="IEventStore.MarkDoneAsync"/>). Chunks of an event the store never knew keep showing
/// as before (version 1 of themselves); a later version of an unknown event is a leftover and is not shown, and so is
/// every key of a deleted event whose index rows the sweep has not removed yet (the store answers version 0 for it).
/// </summary>
public sealed class VisibleVersions(IEventStore store)
{
    /// <summary>For each visible key among <paramref name="keys"/>, the event id it is shown as; one read of the store.</summary>
    public async Task<IReadOnlyDictionary<RecordId, RecordId>> ResolveAsync(MemoryNamespace ns, IEnumerable<RecordId> keys, CancellationToken cancellationToken = default)
    {
        var parsed = keys.Distinct().Select(key => (Key: key, Of: IndexKeys.Parse(key))).ToList();
        if (parsed.Count == 0)
        {
            return new Dictionary<RecordId, RecordId>();
        }

        var versions = await store.GetVersionsAsync(ns, [.. parsed.Select(p => p.Of.EventId).Distinct()], cancellationToken).ConfigureAwait(false);
        return parsed
            .Where(p => versions.TryGetValue(p.Of.EventId, out var visible) ? visible == p.Of.Version : p.Of.Version == 1)
            .ToDictionary(p => p.Key, p => p.Of.EventId);
    }

    /// <summary>The chunk hits that are visible, each under its event's id.</summary>
    public async Task<IReadOnlyList<ChunkHit>> FilterAsync(MemoryNamespace ns, IReadOnlyList<ChunkHit> hits, CancellationToken cancellationToken = default)
    {
        var visible = await ResolveAsync(ns, hits.Select(h => h.EventId), cancellationToken).ConfigureAwait(false);
        return [.. hits.Where(h => visible.ContainsKey(h.EventId)).Select(h => h with { EventId = visible[h.EventId] })];
    }
}
