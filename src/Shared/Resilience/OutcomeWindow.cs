namespace RagMemory.Resilience;

/// <summary>Successes and failures of the last sampling window, for the failure ratio operators see (Polly keeps its own privately).</summary>
internal sealed class OutcomeWindow(TimeSpan window, TimeProvider time)
{
    private readonly Queue<(DateTimeOffset At, bool Success)> _outcomes = new();
    private readonly Lock _lock = new();

    public void Record(bool success)
    {
        lock (_lock)
        {
            _outcomes.Enqueue((time.GetUtcNow(), success));
            Trim();
        }
    }

    public (double Ratio, int Calls) FailureRatio()
    {
        lock (_lock)
        {
            Trim();
            var calls = _outcomes.Count;
            return calls == 0 ? (0, 0) : ((double)_outcomes.Count(o => !o.Success) / calls, calls);
        }
    }

    private void Trim()
    {
        var oldest = time.GetUtcNow() - window;
        while (_outcomes.Count > 0 && (_outcomes.Peek().At < oldest || _outcomes.Count > 10_000))
        {
            _outcomes.Dequeue();
        }
    }
}
