using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RagMemory.Ingestion;
using RagMemory.Ingestion.Embedded;
using RagMemory.Namespaces;
using RagMemory.Tests.Engines;

namespace RagMemory.Tests.Ingestion;

/// <summary>The queue depth that <c>/metrics</c> exports: the store's last counts, read in the background, at most every few seconds.</summary>
public sealed class QueueDepthTests : IDisposable
{
    private readonly TempDataFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly SqliteEventStore _store;
    private readonly QueueDepth _depth;

    public QueueDepthTests()
    {
        _store = new SqliteEventStore(_folder.OpenDatabase(), _time);
        _depth = new QueueDepth(_store, _time, NullLogger<QueueDepth>.Instance);
    }

    [Fact]
    public async Task The_first_look_has_no_reading_yet_and_starts_one_in_the_background()
    {
        await _store.AcceptAsync(MemoryNamespace.Default, new IngestEvent(RecordId.FromString("e1"), "text", []));

        Assert.Null(_depth.Latest());

        Assert.Equal(1, (await EventuallyAsync(() => _depth.Latest())).Queued);
    }

    [Fact]
    public async Task A_reading_younger_than_MaxAge_is_served_as_it_is_and_an_older_one_is_replaced()
    {
        await _depth.RefreshAsync();
        await _store.AcceptAsync(MemoryNamespace.Default, new IngestEvent(RecordId.FromString("e1"), "text", []));

        _time.Advance(QueueDepth.MaxAge - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, _depth.Latest()!.Queued);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, _depth.Latest()!.Queued); // Served at once; the new reading comes in the background.
        await EventuallyAsync(() => _depth.Latest() is { Queued: 1 } counts ? counts : null);
    }

    [Fact]
    public async Task A_reading_counts_the_events_of_every_namespace()
    {
        await _store.AcceptAsync(MemoryNamespace.Default, new IngestEvent(RecordId.FromString("e1"), "text", []));
        await _store.AcceptAsync(MemoryNamespace.Parse("team-a"), new IngestEvent(RecordId.FromString("e1"), "text", []));
        await _store.AcceptAsync(MemoryNamespace.Parse("team-b"), new IngestEvent(RecordId.FromString("e2"), "text", []));

        await _depth.RefreshAsync();

        Assert.Equal(3, _depth.Latest()!.Queued);
    }

    /// <summary>Polls, with a generous bound for a loaded machine, until the reading is there.</summary>
    private static async Task<QueueCounts> EventuallyAsync(Func<QueueCounts?> read)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (read() is { } counts)
            {
                return counts;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException("No reading arrived.");
    }

    public void Dispose() => _folder.Dispose();
}
