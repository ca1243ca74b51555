using RagMemory.Errors;
using RagMemory.Ingestion;

namespace RagMemory.Portal.Components.Ingestion;

/// <summary>One file a person uploaded on the Ingest page: how far it has been read, submitted and processed.</summary>
public sealed class FileUpload(string name, long size)
{
    private readonly List<RecordId> _events = [];
    private readonly List<string> _refusals = [];

    public string Name { get; } = name;

    public long Size { get; } = size;

    public long BytesRead { get; set; }

    /// <summary>Why the whole file was refused (unreadable, too large, a bad line), when it was.</summary>
    public Failure? Problem { get; set; }

    /// <summary>Set when the ingestion queue was full: the file's remaining events were not queued.</summary>
    public Failure? QueueFull { get; set; }

    /// <summary>What to tell the person when the queue was full, or null: how much got in and what to do about the rest.</summary>
    public string? QueueFullAdvice => QueueFull is { } full
        ? $"The ingestion queue is full: {_events.Count} of {Total} events were queued, the other {Total - _events.Count} were not. "
          + $"Choose the file again in {Math.Ceiling(full.RetryAfter?.TotalSeconds ?? 30)} s; events already queued are not queued twice."
        : null;

    /// <summary>Events of the file that the queue accepted.</summary>
    public IReadOnlyList<RecordId> Events => _events;

    /// <summary>Events of the file that the queue refused (a 409 for an id taken by other text, and so on).</summary>
    public IReadOnlyList<string> Refusals => _refusals;

    /// <summary>How many events the file holds, once it has been read.</summary>
    public int? Total { get; set; }

    public void Accepted(RecordId id) => _events.Add(id);

    public void Refused(RecordId id, Failure failure) => _refusals.Add($"{id}: {failure}");

    public int Count(IReadOnlyDictionary<RecordId, IngestStatus> statuses, string state) =>
        _events.Count(id => statuses.TryGetValue(id, out var status) && status.State == state);

    /// <summary>A word for where the file is, for the person watching and for the tests that read the page.</summary>
    public string Phase(IReadOnlyDictionary<RecordId, IngestStatus> statuses)
    {
        if (Problem is not null)
        {
            return "refused";
        }

        if (Total is null)
        {
            return "reading";
        }

        if (_events.Count + _refusals.Count < Total)
        {
            return "submitting";
        }

        var finished = Count(statuses, IngestStates.Done) + Count(statuses, IngestStates.DeadLettered);
        return finished < _events.Count ? "processing"
            : _refusals.Count > 0 || Count(statuses, IngestStates.DeadLettered) > 0 ? "done with errors"
            : "done";
    }
}
