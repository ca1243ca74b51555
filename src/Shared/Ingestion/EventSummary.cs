using System.Text.Json.Nodes;

namespace RagMemory.Ingestion;

/// <summary>One row of the event listing: where the event is, its metadata and how long its text is, without the text.</summary>
public sealed record EventSummary(IngestStatus Status, JsonObject Metadata, int TextLength);
