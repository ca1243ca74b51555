using Microsoft.Extensions.Logging;
using RagMemory.Observability;

namespace RagMemory.Vectors;

/// <summary>
/// Stored vectors hybrid search leaves out because their payload is not a chunk's. Every skip is counted; each record
/// is logged once, however many searches meet it, so one bad record cannot flood the log. The ids already logged are
/// bounded by <see cref="MaxLogged"/>: past it, skips are still counted but no longer logged one by one.
/// </summary>
public sealed partial class SkippedRecords(RagMemoryMetrics metrics, ILogger<SkippedRecords> logger)
{
    public const int MaxLogged = 1024;

    private readonly HashSet<RecordId> _logged = [];
    private readonly Lock _gate = new();

    public void Skip(RecordId id, string invalidField)
    {
        metrics.SearchSkippedRecord(invalidField);
        bool first, full;
        lock (_gate)
        {
            first = _logged.Count < MaxLogged && _logged.Add(id);
            full = first && _logged.Count == MaxLogged;
        }

        if (first)
        {
            LogSkipped(logger, id.ToString(), invalidField);
        }

        if (full)
        {
            LogNoLongerLogged(logger, MaxLogged);
        }
    }

    [LoggerMessage(EventId = 8001, Level = LogLevel.Warning, Message = "Stored vector {RecordId} is left out of hybrid search: its payload's {Field} is not what an ingested chunk holds")]
    private static partial void LogSkipped(ILogger logger, string recordId, string field);

    [LoggerMessage(EventId = 8002, Level = LogLevel.Warning, Message = "{Count} malformed stored vectors logged; further ones are only counted (ragmemory_search_skipped_records_total)")]
    private static partial void LogNoLongerLogged(ILogger logger, int count);
}
