using System.Diagnostics.Metrics;

namespace RagMemory.Observability;

/// <summary>The product's own metrics, exported with the ASP.NET Core ones at <c>/metrics</c>.</summary>
public sealed class RagMemoryMetrics : IDisposable
{
    public const string MeterName = "RagMemory";
    private readonly Meter _meter;
    private readonly Counter<long> _rateLimited;
    private readonly Counter<long> _breakerTransitions;
    private readonly Counter<long> _embeddedTexts;
    private readonly Histogram<double> _embeddingDuration;
    private readonly Counter<long> _ingested;

    public RagMemoryMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _rateLimited = _meter.CreateCounter<long>("ragmemory.rate_limit.requests", description: "Requests seen by a rate-limit policy, by outcome");
        _breakerTransitions = _meter.CreateCounter<long>("ragmemory.breaker.transitions", description: "Circuit breaker state changes, by backend and new state");
        _embeddedTexts = _meter.CreateCounter<long>("ragmemory.embedding.texts", description: "Texts embedded");
        _embeddingDuration = _meter.CreateHistogram<double>("ragmemory.embedding.duration", unit: "ms", description: "Duration of one embedding call");
        _ingested = _meter.CreateCounter<long>("ragmemory.ingestion.events", description: "Ingestion events finished, by outcome");
    }

    public Meter Meter => _meter;

    public void RateLimited(string policy, bool permitted) =>
        _rateLimited.Add(1, new KeyValuePair<string, object?>("policy", policy), new KeyValuePair<string, object?>("outcome", permitted ? "permitted" : "rejected"));

    public void BreakerChanged(string backend, string state) =>
        _breakerTransitions.Add(1, new KeyValuePair<string, object?>("backend", backend), new KeyValuePair<string, object?>("state", state));

    public void Embedded(int texts, double milliseconds)
    {
        _embeddedTexts.Add(texts);
        _embeddingDuration.Record(milliseconds);
    }

    public void Ingested(string outcome, int count) => _ingested.Add(count, new KeyValuePair<string, object?>("outcome", outcome));

    public void Dispose() => _meter.Dispose();
}
