using RagMemory.Ingestion;
using RagMemory.Ingestion.Embedded;

namespace RagMemory.Tests.Engines.Contracts;

/// <summary>The event bus contract against the embedded adapter: a SQLite table of messages, plus what only it promises.</summary>
public sealed class SqliteEventBusContractTests : EventBusContract
{
    private readonly TempDataFolder _folder = new();

    /// <summary>A new database object and bus over the same folder, as a restarted process would open them.</summary>
    protected override IEventBus OpenBus(TimeProvider time) => new SqliteEventBus(_folder.OpenDatabase(), time);

    /// <summary>The embedded bus keeps one message per event, so a second publication (a retried 202, a reconciliation) adds no copy.</summary>
    [Fact]
    public async Task Publishing_an_event_that_is_still_waiting_or_held_adds_no_second_delivery()
    {
        var bus = Open();
        await bus.PublishAsync(Envelope("held"));
        Time.Advance(TimeSpan.FromMilliseconds(1));
        await bus.PublishAsync(Envelope("waiting"));
        var held = Assert.Single(await bus.ReceiveAsync(1));

        await bus.PublishAsync(Envelope("held"));
        await bus.PublishAsync(Envelope("waiting"));

        Assert.Equal("held", held.Envelope.Event.Id.ToString());
        var waiting = Assert.Single(await bus.ReceiveAsync(10));
        Assert.Equal("waiting", waiting.Envelope.Event.Id.ToString());
        await bus.AcknowledgeAsync([held, waiting]);
        Assert.Empty(await bus.ReceiveAsync(10));
    }

    public override Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }
}
