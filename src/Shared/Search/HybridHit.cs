using System.Text.Json.Nodes;

namespace RagMemory.Search;

/// <summary>A chunk found by hybrid search; <see cref="Score"/> is its reciprocal-rank-fusion score.</summary>
public sealed record HybridHit(string Id, double Score, string Text, RecordId EventId, int ChunkIndex, SignalScores Scores, JsonObject? Metadata);
