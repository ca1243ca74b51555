using RagMemory.Errors;

namespace RagMemory.Vectors;

/// <summary>
/// What every vector store refuses, named after the port's own parameters (<c>records[i].vector</c>, <c>query</c>,
/// <c>limit</c>), so no adapter needs to know a request's field names. A caller facing a person or a program checks
/// first with the names that caller uses (the API says <c>vectors[i].vector</c> and <c>query_vector</c>).
/// </summary>
public static class VectorChecks
{
    /// <summary>The most neighbours one search returns: deep enough for hybrid candidates and recall at 100 documents.</summary>
    public const int MaxSearchLimit = 1000;

    public static void Records(IReadOnlyList<VectorRecord> records, int dimensions, string field = "records")
    {
        for (var i = 0; i < records.Count; i++)
        {
            Guard.Vector(records[i].Vector, dimensions, $"{field}[{i}].vector");
        }
    }

    public static void Search(float[] query, int limit, int dimensions)
    {
        Guard.Limit(limit, max: MaxSearchLimit);
        Guard.Vector(query, dimensions, "query");
    }
}
