using RagMemory.Errors;

namespace RagMemory.Ingestion;

/// <summary>
/// What a replacement of an event does, given the event and its pending replacement: the one rule both event stores
/// apply inside their transaction.
/// </summary>
public static class ReplacementRules
{
    public enum Outcome
    {
        /// <summary>The text is the current version's: nothing to do.</summary>
        SameAsCurrent,

        /// <summary>The text is the pending replacement's: nothing new (publish it if that never happened).</summary>
        SameAsPending,

        /// <summary>A new version is queued (superseding a dead-lettered replacement, if any).</summary>
        NewVersion,
    }

    /// <summary>Throws <see cref="ConflictException"/> when the event cannot take a new version now.</summary>
    public static Outcome Decide(RecordId id, string currentState, string currentHash, string? pendingState, string? pendingHash, string hash)
    {
        if (pendingHash == hash)
        {
            return Outcome.SameAsPending;
        }

        if (pendingState is not null && pendingState != IngestStates.DeadLettered)
        {
            throw new ConflictException($"Event {id} already has a replacement that is {pendingState}; replace it again once that one is done or dead-lettered.");
        }

        if (currentHash == hash)
        {
            return Outcome.SameAsCurrent;
        }

        if (currentState is not (IngestStates.Done or IngestStates.DeadLettered))
        {
            throw new ConflictException($"Event {id} is {currentState}; it can be replaced once it is done or dead-lettered.");
        }

        return Outcome.NewVersion;
    }
}
