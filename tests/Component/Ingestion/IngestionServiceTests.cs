using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RagMemory.Errors;
using RagMemory.Ingestion;
using RagMemory.Ingestion.Embedded;
using RagMemory.Namespaces;
using RagMemory.Tests.Engines;
using RagMemory.Tests.Resilience;

namespace RagMemory.Tests.Ingestion;

/// <summary>The 202 path over the embedded store and bus: accept, then publish, then record the publication.</summary>
public sealed class IngestionServiceTests : IDisposable
{
    private readonly TempDataFolder _folder = new();
    private readonly SqliteEventStore _store;
    private readonly SqliteEventBus _bus;
    private readonly FaultSwitch _busFaults = new();
    private readonly IngestionService _service;

    public IngestionServiceTests()
    {
        var database = _folder.OpenDatabase();
        _store = new SqliteEventStore(database, TimeProvider.System);
        _bus = new SqliteEventBus(database, TimeProvider.System);
        var bus = TestFaultInjector<IEventBus>.Wrap(_bus, _busFaults);
        _service = new IngestionService(_store, new EventPublisher(_store, bus), Options.Create(new IngestionOptions()));
    }

    [Fact]
    public async Task Once_the_host_is_stopping_a_submission_is_refused_with_a_503_and_retry_after_and_nothing_is_stored()
    {
        var lifetime = new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance);
        var service = new IngestionService(_store, new EventPublisher(_store, _bus), Options.Create(new IngestionOptions()), new IngestionGate(lifetime));
        await service.SubmitAsync(MemoryNamespace.Default, RecordId.FromString("before"), "accepted while running", null);

        lifetime.StopApplication();
        var refused = await Assert.ThrowsAsync<ShuttingDownException>(() => service.SubmitAsync(MemoryNamespace.Default, RecordId.FromString("after"), "sent while stopping", null));

        var failure = Failure.Of(refused);
        Assert.Equal(503, failure.Status);
        Assert.Equal(ShuttingDownException.RetryAfter, failure.RetryAfter);
        Assert.Null(await _store.GetStatusAsync(MemoryNamespace.Default, RecordId.FromString("after")));
        Assert.NotNull(await _store.GetStatusAsync(MemoryNamespace.Default, RecordId.FromString("before")));
    }

    [Fact]
    public async Task A_submission_is_on_the_bus_and_recorded_as_published_when_it_returns()
    {
        await _service.SubmitAsync(MemoryNamespace.Default, RecordId.FromString("e1"), "some text", null);

        Assert.Equal("e1", Assert.Single(await _bus.ReceiveAsync(10)).Envelope.Event.Id.ToString());
        Assert.Empty(await _store.ListUnpublishedAsync(DateTimeOffset.MaxValue, 10));
    }

    [Fact]
    public async Task A_submission_whose_publication_failed_is_kept_and_published_by_its_retry()
    {
        _busFaults.Mode = FaultMode.Fail;
        await Assert.ThrowsAsync<IOException>(() => _service.SubmitAsync(MemoryNamespace.Default, RecordId.FromString("e1"), "some text", null));
        Assert.Single(await _store.ListUnpublishedAsync(DateTimeOffset.MaxValue, 10));

        _busFaults.Mode = FaultMode.Pass;
        var retried = await _service.SubmitAsync(MemoryNamespace.Default, RecordId.FromString("e1"), "some text", null);

        Assert.True(retried.AlreadyAccepted);
        Assert.Single(await _bus.ReceiveAsync(10));
        Assert.Empty(await _store.ListUnpublishedAsync(DateTimeOffset.MaxValue, 10));
    }

    [Fact]
    public async Task A_second_submission_of_a_published_event_publishes_nothing()
    {
        await _service.SubmitAsync(MemoryNamespace.Default, RecordId.FromString("e1"), "some text", null);
        _busFaults.ResetCalls();

        await _service.SubmitAsync(MemoryNamespace.Default, RecordId.FromString("e1"), "some text", null);

        Assert.Equal(0, _busFaults.Calls);
    }

    [Fact]
    public async Task Replay_resets_the_dead_letter_in_the_store_and_publishes_it_on_the_bus_again()
    {
        await _service.SubmitAsync(MemoryNamespace.Default, RecordId.FromString("e1"), "some text", null);
        var delivery = Assert.Single(await _bus.ReceiveAsync(10));
        await _store.StartAttemptsAsync(MemoryNamespace.Default, [delivery.Envelope.Event.Id]);
        await _store.MarkDeadLetteredAsync(MemoryNamespace.Default, delivery.Envelope.Event.Id, "poison");
        await _bus.DeadLetterAsync(delivery, "poison");

        var status = await _service.ReplayAsync(MemoryNamespace.Default, RecordId.FromString("e1"));

        Assert.Equal((IngestStates.Queued, 0), (status.State, status.Attempts));
        Assert.Equal("e1", Assert.Single(await _bus.ReceiveAsync(10)).Envelope.Event.Id.ToString());
        Assert.Empty(await _store.ListUnpublishedAsync(DateTimeOffset.MaxValue, 10));
    }

    public void Dispose() => _folder.Dispose();
}
