using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting.Display;

namespace RagMemory.Logging;

/// <summary>
/// The most recent log events in memory, behind the portal's log viewer and <c>GET /admin/logs</c>. Older events are
/// dropped; the rolling file and Seq keep the full history.
/// </summary>
public sealed class LogRingBuffer(int capacity = 10_000) : ILogEventSink
{
    private readonly LogRecord?[] _records = new LogRecord?[capacity];
    private readonly Lock _lock = new();
    private long _next;

    /// <summary>Raised after each event is stored, for live tails.</summary>
    public event Action<LogRecord>? Appended;

    public void Emit(LogEvent logEvent)
    {
        LogRecord record;
        lock (_lock)
        {
            record = ToRecord(_next, logEvent);
            _records[_next % _records.Length] = record;
            _next++;
        }

        Appended?.Invoke(record);
    }

    /// <summary>Matching events, newest first.</summary>
    public IReadOnlyList<LogRecord> Query(LogQuery query)
    {
        var minimum = ParseLevel(query.Level);
        var matches = new List<LogRecord>();
        lock (_lock)
        {
            for (var sequence = _next - 1; sequence >= Math.Max(0, _next - _records.Length) && matches.Count < query.Limit; sequence--)
            {
                var record = _records[sequence % _records.Length]!;
                if (Matches(record, query, minimum))
                {
                    matches.Add(record);
                }
            }
        }

        return matches;
    }

    public static LogEventLevel ParseLevel(string? level) =>
        string.IsNullOrEmpty(level) ? LogEventLevel.Verbose
        : Enum.TryParse<LogEventLevel>(level, ignoreCase: true, out var parsed) ? parsed
        : level.ToLowerInvariant() switch
        {
            "trace" => LogEventLevel.Verbose,
            "info" => LogEventLevel.Information,
            "warn" => LogEventLevel.Warning,
            "critical" => LogEventLevel.Fatal,
            _ => throw new Errors.InvalidInputException("level", $"'level' must be one of verbose, debug, information, warning, error, fatal (got '{level}')."),
        };

    private static bool Matches(LogRecord record, LogQuery query, LogEventLevel minimum) =>
        Enum.Parse<LogEventLevel>(record.Level) >= minimum
        && (query.Since is null || record.Timestamp >= query.Since)
        && (query.CorrelationId is null || record.CorrelationId == query.CorrelationId)
        && (query.User is null || string.Equals(record.User, query.User, StringComparison.OrdinalIgnoreCase))
        && (string.IsNullOrEmpty(query.Text)
            || record.Message.Contains(query.Text, StringComparison.OrdinalIgnoreCase)
            || (record.Exception?.Contains(query.Text, StringComparison.OrdinalIgnoreCase) ?? false));

    private static LogRecord ToRecord(long sequence, LogEvent logEvent)
    {
        // A property pushed as null (the user of an anonymous request) is absent, not the text "null".
        var properties = logEvent.Properties.Where(p => p.Value is not ScalarValue { Value: null }).ToDictionary(p => p.Key, p => LogText.OneLine(Plain(p.Value)));
        return new LogRecord(
            sequence,
            logEvent.Timestamp,
            logEvent.Level.ToString(),
            LogText.OneLine(Render(logEvent)),
            logEvent.Exception?.ToString(),
            properties.GetValueOrDefault(CorrelationContext.PropertyName),
            properties.GetValueOrDefault("User"),
            properties.GetValueOrDefault("SourceContext"),
            properties);
    }

    // ":lj" renders strings without quotes and structures as JSON, as a person reads them.
    private static readonly MessageTemplateTextFormatter MessageFormatter = new("{Message:lj}", System.Globalization.CultureInfo.InvariantCulture);

    private static string Render(LogEvent logEvent)
    {
        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        MessageFormatter.Format(logEvent, writer);
        return writer.ToString();
    }

    private static string Plain(LogEventPropertyValue value) =>
        value is ScalarValue { Value: string text } ? text : value.ToString();
}
