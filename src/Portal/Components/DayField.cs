using System.Globalization;
using RagMemory.Errors;

namespace RagMemory.Portal.Components;

/// <summary>A day typed in a date field, as UTC: its first moment for a window's start, its last for its end, so both ends include the day.</summary>
public static class DayField
{
    public static DateTimeOffset? Parse(string? value, string field, bool endOfDay)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (!DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            throw new InvalidInputException(field, $"'{field}' must be a date (yyyy-mm-dd).");
        }

        var start = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        return endOfDay ? start.AddDays(1).AddTicks(-1) : start;
    }
}
