namespace RagMemory.LoadTest.Measuring;

/// <summary>
/// One row of the report. Latencies are of the answers the service served (2xx and the scenario's 409s); 429s and
/// errors are counted apart. <see cref="ErrorRate"/> is errors (other 4xx, 5xx, no answer) over all requests.
/// </summary>
public sealed record EndpointSummary(
    string Endpoint,
    long Requests,
    double Rps,
    double MeanMs,
    double MinMs,
    double P50Ms,
    double P95Ms,
    double P99Ms,
    double MaxMs,
    long Ok,
    long Conflicts,
    long RateLimited,
    long RateLimitedWithoutRetryAfter,
    long ClientErrors,
    long ServerErrors,
    long NoAnswer)
{
    public long Errors => ClientErrors + ServerErrors + NoAnswer;

    public double ErrorRate => Requests == 0 ? 0 : Errors / (double)Requests;
}
