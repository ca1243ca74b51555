using RagMemory.LoadTest.Measuring;

namespace RagMemory.LoadTest.Reporting;

/// <summary>Everything a run found, as written to its JSON file.</summary>
public sealed record LoadReport(
    string Command,
    string Scenario,
    string Mode,
    string Url,
    DateTimeOffset StartedAt,
    double ElapsedSeconds,
    int Users,
    string Machine,
    IReadOnlyList<EndpointSummary> Endpoints,
    EndpointSummary Total,
    IReadOnlyList<PolicyWindows> RateLimitWindows)
{
    /// <summary>No 5xx and no request without an answer.</summary>
    public bool NoServerErrors => Total.ServerErrors == 0 && Total.NoAnswer == 0;

    /// <summary>Every 429 carried Retry-After.</summary>
    public bool EveryRejectionSaysWhen => Total.RateLimitedWithoutRetryAfter == 0;
}
