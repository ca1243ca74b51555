using RagMemory.LoadTest.Measuring;

namespace RagMemory.LoadTest.Reporting;

/// <summary>
/// Whether a fixed-window limiter kept its promise: per window at most the limit passed, and exactly the limit
/// in every window where it refused anything. Each principal's window starts at its first request, so the windows
/// are counted from the first request the endpoint sent.
/// </summary>
public static class WindowCheck
{
    public static IReadOnlyList<WindowCount> Count(IReadOnlyList<LimiterEvent> events, double windowSeconds)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(windowSeconds);
        if (events.Count == 0)
        {
            return [];
        }

        var origin = events.Min(e => e.SentSeconds);
        return events
            .GroupBy(e => (int)Math.Floor((e.SentSeconds - origin) / windowSeconds))
            .OrderBy(g => g.Key)
            .Select(g => new WindowCount(g.Key, g.Count(e => e.Passed), g.Count(e => !e.Passed)))
            .ToList();
    }

    public static bool Holds(IReadOnlyList<WindowCount> windows, int permitLimit)
    {
        ArgumentNullException.ThrowIfNull(windows);
        return windows.All(w => w.Passed <= permitLimit && (w.Rejected == 0 || w.Passed == permitLimit));
    }
}
