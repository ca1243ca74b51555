using RagMemory.Logging;

namespace RagMemory.Api.Contracts;

public sealed record LogsResponse(IReadOnlyList<LogRecord> Events);
