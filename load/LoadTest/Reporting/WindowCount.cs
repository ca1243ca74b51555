namespace RagMemory.LoadTest.Reporting;

/// <summary>The requests of one rate-limit window: those the limiter let through and those it refused with 429.</summary>
public sealed record WindowCount(int Window, int Passed, int Rejected);
