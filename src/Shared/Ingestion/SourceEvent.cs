namespace RagMemory.Ingestion;

/// <summary>An ingested event as it was submitted, and where it is in the pipeline.</summary>
public sealed record SourceEvent(IngestEvent Event, IngestStatus Status);
