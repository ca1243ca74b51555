using RagMemory.Ingestion;

namespace RagMemory.Portal.Components.Documents;

/// <summary>
/// The Documents page's paging through <see cref="IngestionService.ListEventsAsync"/> with the filters a person typed:
/// the cursors of the pages already seen, so that "previous" goes back without the store paging backwards.
/// </summary>
public sealed class DocumentPages(IngestionService ingestion)
{
    public const int PageSize = 20;

    private readonly List<string?> _starts = [null];

    /// <summary>The namespace listed, which the page has checked the person may read.</summary>
    public RagMemory.Namespaces.MemoryNamespace Namespace { get; set; } = RagMemory.Namespaces.MemoryNamespace.Default;

    public string? State { get; set; }

    public string? Metadata { get; set; }

    public string? After { get; set; }

    public string? Before { get; set; }

    public EventPage? Current { get; private set; }

    /// <summary>1 for the first page.</summary>
    public int Number => _starts.Count;

    public bool HasPrevious => _starts.Count > 1;

    public bool HasNext => Current?.Next is not null;

    /// <summary>The first page with the current filters; a bad filter throws the API's 400.</summary>
    public Task LoadFirstAsync()
    {
        _starts.RemoveRange(1, _starts.Count - 1);
        _starts[0] = null;
        return LoadAsync();
    }

    public async Task NextAsync()
    {
        if (Current?.Next is { } next)
        {
            _starts.Add(next.Encode());
            await LoadAsync();
        }
    }

    public async Task PreviousAsync()
    {
        if (HasPrevious)
        {
            _starts.RemoveAt(_starts.Count - 1);
            await LoadAsync();
        }
    }

    /// <summary>The page shown, read again (after a delete or a replay changed it).</summary>
    public Task ReloadAsync() => LoadAsync();

    private async Task LoadAsync() => Current = await ingestion.ListEventsAsync(
        Namespace,
        string.IsNullOrWhiteSpace(State) ? null : State,
        Metadata,
        DayField.Parse(After, "after", endOfDay: false),
        DayField.Parse(Before, "before", endOfDay: true),
        PageSize,
        _starts[^1]);
}
