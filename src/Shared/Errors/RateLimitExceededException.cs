namespace RagMemory.Errors;

/// <summary>A principal spent its permits of a rate-limit policy; the API answers 429 with Retry-After.</summary>
public sealed class RateLimitExceededException(string policy, TimeSpan retryAfter)
    : Exception($"Too many requests for '{policy}'. Retry after {Math.Ceiling(retryAfter.TotalSeconds)} s.")
{
    public string Policy { get; } = policy;

    public TimeSpan RetryAfter { get; } = retryAfter;
}
