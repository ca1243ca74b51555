namespace RagMemory.LoadTest.Scheduling;

/// <summary>How a run sends its load. <see cref="Users"/> is the number of users (or workers; in open loop, of signed-in tokens).</summary>
public sealed record LoadSettings(
    LoadMode Mode,
    int Users,
    double RampPerSecond,
    TimeSpan Duration,
    ThinkTime Think,
    double ArrivalsPerSecond = 0,
    int MaxInFlight = 1000,
    int Seed = 20,
    TimeSpan? ProgressInterval = null)
{
    /// <summary>How long requests still in flight at the end may take before the run stops waiting for them.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    public TimeSpan Progress => ProgressInterval ?? TimeSpan.FromSeconds(5);

    /// <summary>Closed loop is the users' loop without think time.</summary>
    public ThinkTime EffectiveThink => Mode == LoadMode.Closed ? ThinkTime.None : Think;
}
