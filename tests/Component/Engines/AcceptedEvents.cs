using RagMemory.Ingestion;

namespace RagMemory.Tests.Engines;

/// <summary>Events as the worker hands them to the ingestion pipeline: each with the status of its acceptance.</summary>
public static class AcceptedEvents
{
    public static SourceEvent[] Of(params IngestEvent[] events) => [.. events.Select(e => At(e, DateTimeOffset.UtcNow))];

    public static SourceEvent At(IngestEvent ingestEvent, DateTimeOffset acceptedAt) =>
        new(ingestEvent, new IngestStatus(ingestEvent.Id, IngestStates.Processing, 1, null, acceptedAt, acceptedAt));
}
