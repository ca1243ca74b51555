namespace RagMemory.RateLimiting;

/// <summary>A policy's settings and its counters since the process started.</summary>
public sealed record RateLimitSnapshot(string Name, int PermitLimit, int WindowSeconds, long Permitted, long Rejected);
