using RagMemory.Namespaces;
using RagMemory.Engines;
using RagMemory.Vectors;

namespace RagMemory.Keywords;

/// <summary>The port for keyword search over chunk texts: SQLite FTS5 embedded, Qdrant sparse vectors at scale.</summary>
public interface IKeywordIndex : IDescribesEngine
{
    /// <summary>Replaces every chunk of <paramref name="eventId"/> with <paramref name="documents"/>.</summary>
    Task ReplaceEventAsync(MemoryNamespace ns, RecordId eventId, IReadOnlyList<KeywordDocument> documents, CancellationToken cancellationToken = default);

    /// <summary>
    /// The best <paramref name="limit"/> chunks for the query among those the filter lets through, judged inside the
    /// engine on each document's <see cref="KeywordDocument.Metadata"/> and <see cref="KeywordDocument.IngestedAt"/>.
    /// </summary>
    Task<IReadOnlyList<KeywordHit>> SearchAsync(MemoryNamespace ns, string query, int limit, ChunkFilter? filter = null, CancellationToken cancellationToken = default);

    /// <summary>The chunks of the given events, in event order then chunk order.</summary>
    Task<IReadOnlyList<KeywordDocument>> GetChunksAsync(MemoryNamespace ns, IReadOnlyList<RecordId> eventIds, CancellationToken cancellationToken = default);

    /// <summary>Removes every chunk of the event; nothing happens for an event with none.</summary>
    Task DeleteEventAsync(MemoryNamespace ns, RecordId eventId, CancellationToken cancellationToken = default);
}
