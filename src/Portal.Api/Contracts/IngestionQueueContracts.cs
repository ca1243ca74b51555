namespace RagMemory.Api.Contracts;

public sealed record QueueCountsResponse(long Queued, long Processing, long Done, long Failed, long DeadLettered);

public sealed record DeadLettersResponse(IReadOnlyList<IngestStatusResponse> DeadLetters);

public sealed record ReplayAllResponse(int Replayed);
