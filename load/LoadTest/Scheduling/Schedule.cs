namespace RagMemory.LoadTest.Scheduling;

/// <summary>When things start, counted from the start of the run.</summary>
public static class Schedule
{
    /// <summary>User <paramref name="user"/> (from 0) starts at user / rate: 10 users a second start 0.1 s apart.</summary>
    public static TimeSpan UserStart(int user, double usersPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(user);
        return usersPerSecond <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(user / usersPerSecond);
    }

    /// <summary>
    /// Request <paramref name="request"/> (from 0) of an open loop is due at request / rate. Its latency counts from
    /// then, not from when it was sent, so a stalled server is not hidden by the requests it delayed.
    /// </summary>
    public static TimeSpan ArrivalDue(long request, double perSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(request);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perSecond);
        return TimeSpan.FromSeconds(request / perSecond);
    }

    /// <summary>How many open-loop requests fall in a run of <paramref name="duration"/>: those due before its end.</summary>
    public static long ArrivalsIn(TimeSpan duration, double perSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(perSecond);
        return (long)Math.Ceiling(duration.TotalSeconds * perSecond);
    }
}
