namespace RagMemory.Logging;

/// <summary>One log event as the log viewer and <c>GET /admin/logs</c> show it.</summary>
public sealed record LogRecord(
    long Sequence,
    DateTimeOffset Timestamp,
    string Level,
    string Message,
    string? Exception,
    string? CorrelationId,
    string? User,
    string? SourceContext,
    IReadOnlyDictionary<string, string> Properties);
