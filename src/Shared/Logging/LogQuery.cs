namespace RagMemory.Logging;

/// <summary>Filters of the log viewer: minimum level, text, correlation id, user and time; all optional.</summary>
public sealed record LogQuery(string? Level = null, string? Text = null, string? CorrelationId = null, string? User = null, DateTimeOffset? Since = null, int Limit = 200);
