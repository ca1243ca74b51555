using System.Diagnostics.Metrics;

namespace RagMemory.Observability;

/// <summary>The product's own metrics, exported with the ASP.NET Core ones at <c>/metrics</c>.</summary>
public sealed class RagMemoryMetrics : IDisposable
{
    public const string MeterName = "RagMemory";
    private readonly Meter _meter;
    private readonly Counter<long> _rateLimited;
    private readonly Counter<long> _breakerTransitions;
    private readonly Histogram<double> _backendCalls;
    private readonly Counter<long> _skippedRecords;
    private readonly Counter<long> _answers;
    private readonly Counter<long> _answerTokens;

    public RagMemoryMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _rateLimited = _meter.CreateCounter<long>("ragmemory.rate_limit.requests", description: "Requests seen by a rate-limit policy, by outcome");
        _breakerTransitions = _meter.CreateCounter<long>("ragmemory.breaker.transitions", description: "Circuit breaker state changes, by backend and new state");
        _backendCalls = _meter.CreateHistogram<double>("ragmemory.backend.call.duration", unit: "ms", description: "Calls to each backend (embedder, stores, queue, answers) through its pipeline, by outcome");
        _skippedRecords = _meter.CreateCounter<long>("ragmemory.search.skipped_records", description: "Stored vectors hybrid search skipped because their payload is not a chunk's, by the field at fault");
        _answers = _meter.CreateCounter<long>("ragmemory.answers", description: "Answers written, by the model that wrote them and whether they were streamed");
        _answerTokens = _meter.CreateCounter<long>("ragmemory.answer.tokens", unit: "{token}", description: "Tokens the answer models report, by model and direction (input: the prompt, output: the answer)");
    }

    public Meter Meter => _meter;

    public void RateLimited(string policy, bool permitted) =>
        _rateLimited.Add(1, new KeyValuePair<string, object?>("policy", policy), new KeyValuePair<string, object?>("outcome", permitted ? "permitted" : "rejected"));

    public void BreakerChanged(string backend, string state) =>
        _breakerTransitions.Add(1, new KeyValuePair<string, object?>("backend", backend), new KeyValuePair<string, object?>("state", state));

    public void BackendCalled(string backend, string outcome, double milliseconds) =>
        _backendCalls.Record(milliseconds, new KeyValuePair<string, object?>("backend", backend), new KeyValuePair<string, object?>("outcome", outcome));

    public void SearchSkippedRecord(string field) =>
        _skippedRecords.Add(1, new KeyValuePair<string, object?>("field", field));

    /// <summary>Counts an answer and the tokens its model reported (none for a model that counts none).</summary>
    public void AnswerWritten(string model, bool streamed, long? inputTokens, long? outputTokens)
    {
        var byModel = new KeyValuePair<string, object?>("model", model);
        _answers.Add(1, byModel, new KeyValuePair<string, object?>("mode", streamed ? "stream" : "whole"));
        if (inputTokens is { } input)
        {
            _answerTokens.Add(input, byModel, new KeyValuePair<string, object?>("direction", "input"));
        }

        if (outputTokens is { } output)
        {
            _answerTokens.Add(output, byModel, new KeyValuePair<string, object?>("direction", "output"));
        }
    }

    /// <summary>Exports the ingestion queue's depth per state from <paramref name="counts"/>, a cached reading (nothing before the first).</summary>
    public void ObserveQueue(Func<Ingestion.QueueCounts?> counts) =>
        _meter.CreateObservableGauge("ragmemory.ingestion.queue.events", () =>
        {
            if (counts() is not { } current)
            {
                return [];
            }

            return new[]
            {
                new Measurement<long>(current.Queued, new KeyValuePair<string, object?>("state", Ingestion.IngestStates.Queued)),
                new Measurement<long>(current.Processing, new KeyValuePair<string, object?>("state", Ingestion.IngestStates.Processing)),
                new Measurement<long>(current.Failed, new KeyValuePair<string, object?>("state", Ingestion.IngestStates.Failed)),
                new Measurement<long>(current.DeadLettered, new KeyValuePair<string, object?>("state", Ingestion.IngestStates.DeadLettered)),
                new Measurement<long>(current.Done, new KeyValuePair<string, object?>("state", Ingestion.IngestStates.Done)),
            };
        }, description: "Ingestion events by state");

    public void Dispose() => _meter.Dispose();
}
