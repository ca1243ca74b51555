using System.Globalization;

namespace RagMemory.LoadTest.Scheduling;

/// <summary>Durations as locust writes them: <c>90</c> or <c>90s</c>, <c>5m</c>, <c>1h</c>, <c>1.5s</c>, <c>250ms</c>.</summary>
public static class DurationText
{
    public static TimeSpan Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var (number, unit) = text.EndsWith("ms", StringComparison.OrdinalIgnoreCase) ? (text[..^2], 0.001)
            : text.EndsWith('h') ? (text[..^1], 3600.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : (text, 1.0);
        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0)
        {
            throw new ArgumentException($"'{text}' is not a duration: write e.g. 90, 30s, 5m, 1h or 250ms.", nameof(text));
        }

        return TimeSpan.FromSeconds(value * unit);
    }
}
