namespace RagMemory.Errors;

/// <summary>
/// Implemented by an engine's own exception type, which classifies the engine's errors at the adapter boundary, so the
/// resilience pipeline knows whether a retry can help and the error mapper which status to answer, without either
/// knowing the engine.
/// </summary>
public interface IClassifiedUpstreamFailure
{
    UpstreamFailureKind Kind { get; }

    /// <summary>Whether trying the same call again may succeed; a pipeline retries idempotent calls only then.</summary>
    bool IsTransient { get; }
}
