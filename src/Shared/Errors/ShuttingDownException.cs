namespace RagMemory.Errors;

/// <summary>The process is stopping and accepts no new work; the API answers 503 with <see cref="RetryAfter"/>.</summary>
public sealed class ShuttingDownException() : Exception("The service is shutting down and accepts no new work; try again shortly.")
{
    public static TimeSpan RetryAfter { get; } = TimeSpan.FromSeconds(5);
}
