namespace RagMemory.Errors;

/// <summary>A backend failed (after any retries); the API answers 502 naming the backend, never the inner detail.</summary>
public sealed class UpstreamFailureException(string backend, Exception inner)
    : Exception($"The {backend} backend failed.", inner)
{
    public string Backend { get; } = backend;
}
