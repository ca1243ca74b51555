using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using RagMemory.Ingestion;
using RagMemory.Namespaces;

namespace RagMemory.Tests.Engines.Contracts;

/// <summary>
/// What every <see cref="IEventBus"/> adapter must do: durable publication, deliveries held until acknowledged (and
/// handed out again after a restart when not), retries at their due time and dead letters. A subclass gives each test
/// its own durable storage; <see cref="OpenBus"/> opens a bus over it, and opening a second one stands for a restart.
/// </summary>
public abstract class EventBusContract : IAsyncLifetime
{
    protected static readonly MemoryNamespace Ns = MemoryNamespace.Default;

    protected FakeTimeProvider Time { get; } = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));

    /// <summary>A bus over this test's durable storage; each call is a new instance, as after a restart.</summary>
    protected abstract IEventBus OpenBus(TimeProvider time);

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_published_event_is_delivered_as_it_was_published()
    {
        var bus = Open();
        await bus.PublishAsync(new EventEnvelope(Ns, new IngestEvent(RecordId.FromInteger(5), "durable text", new JsonObject { ["source"] = "unit" }, "corr-1")));

        var delivery = Assert.Single(await bus.ReceiveAsync(10));

        Assert.Equal(Ns, delivery.Envelope.Namespace);
        Assert.Equal(RecordId.FromInteger(5), delivery.Envelope.Event.Id);
        Assert.Equal("durable text", delivery.Envelope.Event.Text);
        Assert.Equal("unit", delivery.Envelope.Event.Metadata["source"]!.GetValue<string>());
        Assert.Equal("corr-1", delivery.Envelope.Event.CorrelationId);
    }

    [Fact]
    public async Task A_published_event_survives_a_restart()
    {
        await Open().PublishAsync(Envelope("e1"));

        var delivery = Assert.Single(await Open().ReceiveAsync(10));

        Assert.Equal("e1", delivery.Envelope.Event.Id.ToString());
    }

    [Fact]
    public async Task A_delivery_is_not_handed_out_twice_while_it_is_held()
    {
        var bus = Open();
        await bus.PublishAsync(Envelope("e1"));

        Assert.Single(await bus.ReceiveAsync(10));

        Time.Advance(TimeSpan.FromDays(1));
        Assert.Empty(await bus.ReceiveAsync(10));
    }

    [Fact]
    public async Task Receive_takes_at_most_max_deliveries_oldest_first()
    {
        var bus = Open();
        foreach (var id in new[] { "first", "second", "third" })
        {
            await bus.PublishAsync(Envelope(id));
            Time.Advance(TimeSpan.FromMilliseconds(1));
        }

        var received = await bus.ReceiveAsync(2);

        Assert.Equal(["first", "second"], received.Select(d => d.Envelope.Event.Id.ToString()));
        Assert.Equal("third", Assert.Single(await bus.ReceiveAsync(2)).Envelope.Event.Id.ToString());
    }

    [Fact]
    public async Task An_acknowledged_delivery_is_never_delivered_again_not_even_after_a_restart()
    {
        var bus = Open();
        await bus.PublishAsync(Envelope("e1"));

        await bus.AcknowledgeAsync(await bus.ReceiveAsync(10));

        var restarted = Open();
        Assert.Equal(0, await restarted.RecoverUnacknowledgedAsync());
        Time.Advance(TimeSpan.FromDays(1));
        Assert.Empty(await restarted.ReceiveAsync(10));
    }

    [Fact]
    public async Task A_delivery_left_unacknowledged_by_a_stopped_process_is_delivered_again_after_a_restart()
    {
        var before = Open();
        await before.PublishAsync(Envelope("interrupted"));
        await before.PublishAsync(Envelope("finished"));
        var held = await before.ReceiveAsync(10);
        await before.AcknowledgeAsync([held.Single(d => d.Envelope.Event.Id.ToString() == "finished")]);

        var after = Open();
        await after.RecoverUnacknowledgedAsync();

        Assert.Equal("interrupted", Assert.Single(await after.ReceiveAsync(10)).Envelope.Event.Id.ToString());
    }

    [Fact]
    public async Task A_delivery_handed_back_unsettled_is_delivered_again_and_after_a_restart_until_it_is_acknowledged()
    {
        var bus = Open();
        await bus.PublishAsync(Envelope("unsettled"));
        await bus.PublishAsync(Envelope("settled"));
        var held = await bus.ReceiveAsync(10);
        await bus.AcknowledgeAsync([held.Single(d => d.Envelope.Event.Id.ToString() == "settled")]);

        // The worker's settlement failed: it holds nothing and hands back what it was given.
        Assert.Equal(1, await bus.RecoverUnacknowledgedAsync());
        var again = Assert.Single(await bus.ReceiveAsync(10));
        Assert.Equal("unsettled", again.Envelope.Event.Id.ToString());

        // Stopped before settling it a second time: the next process gets it, and only it.
        var restarted = Open();
        await restarted.RecoverUnacknowledgedAsync();
        Assert.Equal("unsettled", Assert.Single(await restarted.ReceiveAsync(10)).Envelope.Event.Id.ToString());
    }

    [Fact]
    public async Task RetryLater_delivers_again_at_the_due_time_and_not_before()
    {
        var bus = Open();
        await bus.PublishAsync(Envelope("e1"));
        var delivery = Assert.Single(await bus.ReceiveAsync(10));

        await bus.RetryLaterAsync(delivery, Time.GetUtcNow() + TimeSpan.FromSeconds(10));

        Assert.Empty(await bus.ReceiveAsync(10));
        Time.Advance(TimeSpan.FromSeconds(10) - TimeSpan.FromMilliseconds(1));
        Assert.Empty(await bus.ReceiveAsync(10));
        Time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal("e1", Assert.Single(await bus.ReceiveAsync(10)).Envelope.Event.Id.ToString());
    }

    [Fact]
    public async Task A_retry_waiting_for_its_due_time_keeps_it_after_a_restart()
    {
        var before = Open();
        await before.PublishAsync(Envelope("e1"));
        await before.RetryLaterAsync(Assert.Single(await before.ReceiveAsync(10)), Time.GetUtcNow() + TimeSpan.FromMinutes(1));

        var after = Open();
        await after.RecoverUnacknowledgedAsync();

        Assert.Empty(await after.ReceiveAsync(10));
        Time.Advance(TimeSpan.FromMinutes(1));
        Assert.Single(await after.ReceiveAsync(10));
    }

    [Fact]
    public async Task A_dead_letter_is_never_delivered_again_until_the_event_is_published_again()
    {
        var bus = Open();
        await bus.PublishAsync(Envelope("e1"));
        await bus.DeadLetterAsync(Assert.Single(await bus.ReceiveAsync(10)), "poison");

        await Open().RecoverUnacknowledgedAsync();
        Time.Advance(TimeSpan.FromDays(30));
        Assert.Empty(await bus.ReceiveAsync(10));

        await bus.PublishAsync(Envelope("e1"));
        Assert.Equal("e1", Assert.Single(await bus.ReceiveAsync(10)).Envelope.Event.Id.ToString());
    }

    [Fact]
    public async Task Events_with_the_same_id_in_two_namespaces_are_two_deliveries()
    {
        var bus = Open();
        var other = MemoryNamespace.Parse("other-team");
        await bus.PublishAsync(Envelope("shared-id"));
        await bus.PublishAsync(new EventEnvelope(other, new IngestEvent(RecordId.FromString("shared-id"), "another team's text", [])));

        var received = await bus.ReceiveAsync(10);

        Assert.Equal([Ns, other], received.Select(d => d.Envelope.Namespace));
        Assert.Equal("another team's text", received[1].Envelope.Event.Text);
    }

    [Fact]
    public async Task WaitForWork_completes_when_an_event_is_published()
    {
        var bus = Open();
        var waiting = bus.WaitForWorkAsync(TimeSpan.FromHours(1));
        Assert.False(waiting.IsCompleted);

        await bus.PublishAsync(Envelope("e1"));

        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task WaitForWork_completes_after_max_wait_on_the_injected_clock()
    {
        var bus = Open();
        var waiting = bus.WaitForWorkAsync(TimeSpan.FromSeconds(5));
        Assert.False(waiting.IsCompleted);

        Time.Advance(TimeSpan.FromSeconds(5));

        await waiting.WaitAsync(TimeSpan.FromSeconds(30));
    }

    protected IEventBus Open() => OpenBus(Time);

    protected static EventEnvelope Envelope(string id) => new(Ns, new IngestEvent(RecordId.FromString(id), $"text of {id}", []));
}
