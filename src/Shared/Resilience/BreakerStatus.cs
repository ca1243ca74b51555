namespace RagMemory.Resilience;

/// <summary>
/// A backend's breaker as operators see it: <see cref="State"/> is closed, open, half_open or isolated;
/// <see cref="FailureRatio"/> covers the calls of the sampling window.
/// </summary>
public sealed record BreakerStatus(string Name, string State, double FailureRatio, int Calls, string? LastError, DateTimeOffset? LastErrorAt, DateTimeOffset Since);
