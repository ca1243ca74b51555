namespace RagMemory.Tests.Resilience;

/// <summary>What a <see cref="TestFaultInjector{T}"/> does to the calls it sees: pass them through, fail them, or stall them.</summary>
public sealed class FaultSwitch
{
    private int _calls;

    public FaultMode Mode { get; set; } = FaultMode.Pass;

    /// <summary>Methods (by name) whose calls that pass reach the adapter only after <see cref="SlowBy"/>: a slow engine, not a failing one.</summary>
    public HashSet<string> SlowCalls { get; } = [];

    public TimeSpan SlowBy { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Methods (by name) whose calls fail whatever <see cref="Mode"/> says: one operation of an engine broken, the rest working.</summary>
    public HashSet<string> FailCalls { get; } = [];

    /// <summary>Calls that reached the injector (and so passed any open breaker) since the last <see cref="ResetCalls"/>.</summary>
    public int Calls => Volatile.Read(ref _calls);

    public void ResetCalls() => Interlocked.Exchange(ref _calls, 0);

    internal FaultMode Next(string method)
    {
        Interlocked.Increment(ref _calls);
        return FailCalls.Contains(method) ? FaultMode.Fail : Mode;
    }
}
