using RagMemory.Load.Ingestion;
using RagMemory.Load.Retrieval;
using RagMemory.Load.Vectors;

namespace RagMemory.Load;

/// <summary>The figures of one <c>cranfield</c> run, as written to its report: retrieval on Cranfield, then on MEDLINE.</summary>
public sealed record CranfieldRun(
    IReadOnlyList<CollectionRetrieval> Retrieval,
    IngestionThroughput Ingestion,
    IReadOnlyList<VectorIndexResult> Vectors,
    LatencyBreakdown Latency,
    string RateLimits,
    string ReportPath);
