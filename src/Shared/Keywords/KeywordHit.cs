namespace RagMemory.Keywords;

/// <summary>A keyword match; <see cref="Score"/> is BM25 (higher is better).</summary>
public sealed record KeywordHit(KeywordDocument Document, double Score);
