namespace RagMemory.Logging;

/// <summary>
/// Text a caller chose (a user name, an id) made safe to log: control characters such as CR and LF become '?', so
/// nobody can forge a log line, and it is cut at a length no honest value reaches.
/// </summary>
public static class LogText
{
    private const int MaxLength = 200;

    public static string Safe(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var cut = text.Length > MaxLength ? text[..MaxLength] + "…" : text;
        return cut.Any(char.IsControl) ? string.Concat(cut.Select(c => char.IsControl(c) ? '?' : c)) : cut;
    }

    /// <summary>
    /// A line of the log viewer: CR and LF that reached a message (from a name or id someone chose) are shown as the
    /// escapes \r and \n, so one event stays one line and cannot pass for another.
    /// </summary>
    public static string OneLine(string text) =>
        text.Contains('\r', StringComparison.Ordinal) || text.Contains('\n', StringComparison.Ordinal)
            ? text.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)
            : text;
}
