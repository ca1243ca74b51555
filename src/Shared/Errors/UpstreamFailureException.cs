namespace RagMemory.Errors;

/// <summary>
/// A backend failed (after any retries); the API answers 502, 503 or 504 by <see cref="Kind"/>, naming the backend,
/// never the inner detail. The kind is the inner exception's when the adapter classified it, else <see cref="UpstreamFailureKind.Failed"/>.
/// </summary>
public sealed class UpstreamFailureException(string backend, Exception inner)
    : Exception($"The {backend} backend failed.", inner)
{
    public string Backend { get; } = backend;

    public UpstreamFailureKind Kind { get; } = (inner as IClassifiedUpstreamFailure)?.Kind ?? UpstreamFailureKind.Failed;
}
