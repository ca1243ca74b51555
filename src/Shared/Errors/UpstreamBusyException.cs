namespace RagMemory.Errors;

/// <summary>
/// A backend refused the call because it is busy (a rate limit it reported, or ours towards it) and said when to come
/// back. It passes through the backend's pipeline as the cause of an <see cref="UpstreamFailureException"/>; the API
/// answers 503 with <see cref="RetryAfter"/>.
/// </summary>
public sealed class UpstreamBusyException(string message, TimeSpan retryAfter, Exception? inner = null) : Exception(message, inner)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}
