namespace RagMemory.Keywords;

/// <summary>The port for keyword search over chunk texts: SQLite FTS5 embedded, Qdrant sparse vectors at scale.</summary>
public interface IKeywordIndex
{
    /// <summary>Replaces every chunk of <paramref name="eventId"/> with <paramref name="documents"/>.</summary>
    Task ReplaceEventAsync(RecordId eventId, IReadOnlyList<KeywordDocument> documents, CancellationToken cancellationToken = default);

    Task<IReadOnlyList<KeywordHit>> SearchAsync(string query, int limit, CancellationToken cancellationToken = default);

    /// <summary>The chunks of the given events, in event order then chunk order.</summary>
    Task<IReadOnlyList<KeywordDocument>> GetChunksAsync(IReadOnlyList<RecordId> eventIds, CancellationToken cancellationToken = default);
}
