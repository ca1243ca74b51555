namespace RagMemory.LoadTest.Measuring;

/// <summary>A request as the rate limiter saw it: when it was sent (seconds into the run) and whether it passed.</summary>
public readonly record struct LimiterEvent(double SentSeconds, bool Passed);
