namespace RagMemory.Evaluation;

/// <summary>Turns a ranked list of chunk hits into a ranked list of documents: each document at its best chunk's rank.</summary>
public static class DocumentRollup
{
    public static IReadOnlyList<string> ByBestChunk(IEnumerable<string> documentIdOfEachRankedChunk)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return documentIdOfEachRankedChunk.Where(seen.Add).ToList();
    }
}
