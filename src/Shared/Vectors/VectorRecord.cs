using System.Text.Json.Nodes;

namespace RagMemory.Vectors;

/// <summary>A vector with the client's id and a JSON payload returned with every hit.</summary>
public sealed record VectorRecord(RecordId Id, float[] Vector, JsonObject Payload);
