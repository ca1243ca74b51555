using System.Globalization;

namespace RagMemory.LoadTest.Reporting;

/// <summary>The line a run prints every few seconds, so that a long run shows it is alive and how it goes.</summary>
public static class ProgressLine
{
    public static string Format(TimeSpan elapsed, TimeSpan duration, int activeUsers, long requests, double recentRps, long rateLimited, long conflicts, long errors) =>
        string.Create(CultureInfo.InvariantCulture,
            $"[{elapsed.TotalSeconds,5:F0} s / {duration.TotalSeconds:F0} s] users {activeUsers}, requests {requests}, {recentRps:F1} rps now, 429 {rateLimited}, 409 {conflicts}, errors {errors}");
}
