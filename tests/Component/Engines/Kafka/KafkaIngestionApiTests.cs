using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RagMemory.Engines;
using RagMemory.Ingestion;
using RagMemory.Ingestion.Kafka;
using RagMemory.Keywords;
using RagMemory.Namespaces;
using RagMemory.Resilience;
using RagMemory.Tests.Api;
using RagMemory.Tests.Resilience;
using RagMemory.Vectors;

namespace RagMemory.Tests.Engines.Kafka;

/// <summary>
/// The real API with <c>Engines:Ingestion=Kafka</c> on librdkafka's mock cluster: each test has its own cluster,
/// topics, group and data folder. The event store is the embedded one, as <c>Engines:State=Embedded</c> chooses.
/// </summary>
public sealed class KafkaIngestionApiTests : IDisposable
{
    private readonly KafkaMockCluster _cluster = new();
    private readonly KafkaOptions _kafka;
    private readonly List<RagMemoryApiFactory> _hosts = [];

    public KafkaIngestionApiTests() => _kafka = _cluster.NewOptions();

    [Fact]
    public async Task Ingested_text_travels_through_the_topic_with_its_correlation_id_and_becomes_done_and_searchable()
    {
        var client = await NewHost().CreateClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ingest/")
        {
            Content = JsonContent.Create(new { id = "hopper", text = "Grace Hopper wrote the first compiler, the A-0 System, in 1952." }),
        };
        request.Headers.Add("X-Correlation-ID", "kafka-corr-1");

        var accepted = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        await Eventually.DoneAsync(client, "hopper");

        var hits = await client.PostAsJsonAsync("/hybrid/search", new { query = "Who wrote the first compiler?", limit = 3 });
        Assert.Equal("hopper", (await hits.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results")[0].GetProperty("event_id").GetString());
        var message = Assert.Single(_cluster.ReadAll(_kafka.Topic, expected: 1, TimeSpan.FromSeconds(10)));
        Assert.Equal("\"hopper\"", message.Key);
        Assert.Equal("kafka-corr-1", KafkaMessages.Header(message, KafkaMessages.CorrelationIdHeader));
    }

    [Fact]
    public async Task Idempotency_and_conflicts_behave_as_on_the_embedded_bus()
    {
        var client = await NewHost().CreateClientAsync();

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync("/ingest/", new { id = 7, text = "Alan Turing proposed the imitation game." })).StatusCode);
        var again = await client.PostAsJsonAsync("/ingest/", new { id = 7, text = "Alan Turing proposed the imitation game." });
        var other = await client.PostAsJsonAsync("/ingest/", new { id = 7, text = "Another text under the same id." });

        Assert.True((await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicate").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, other.StatusCode);
        await Eventually.DoneAsync(client, "7");
    }

    [Fact]
    public async Task A_poisoned_event_reaches_the_dead_letter_topic_is_replayed_and_ends_done()
    {
        var host = NewHost();
        host.Settings["Ingestion:MaxAttempts"] = "2";
        host.Settings["Ingestion:RetryMaxDelay"] = "00:00:00.100";
        var faults = host.Inject(Backends.GraphStore, TimeSpan.FromSeconds(5));
        host.Settings["Resilience:Backends:graph_store:MinimumThroughput"] = "1000";
        var client = await host.CreateClientAsync();
        faults.Mode = FaultMode.Fail;

        await client.PostAsJsonAsync("/ingest/", new { id = "poison", text = "Katherine Johnson computed the trajectory of Apollo 11." });
        await Eventually.DoneAsync(client, "poison", expected: "dead_lettered");

        var deadLetter = Assert.Single(_cluster.ReadAll(_kafka.DeadLetterTopicName, expected: 1, TimeSpan.FromSeconds(10)));
        Assert.Equal("\"poison\"", deadLetter.Key);
        Assert.Contains("graph_store", KafkaMessages.Header(deadLetter, KafkaMessages.ErrorHeader), StringComparison.Ordinal);
        Assert.NotEmpty(_cluster.ReadAll(_kafka.RetryTopicName, expected: 1, TimeSpan.FromSeconds(10)));
        var listed = await client.GetFromJsonAsync<JsonElement>("/admin/ingestion/dead-letters");
        Assert.Contains("poison", listed.ToString(), StringComparison.Ordinal);

        faults.Mode = FaultMode.Pass;
        var replayed = await client.PostAsync("/admin/ingestion/dead-letters/poison/replay", null);
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        await Eventually.DoneAsync(client, "poison");
        Assert.Equal(2, _cluster.ReadAll(_kafka.Topic, expected: 2, TimeSpan.FromSeconds(10)).Count);
    }

    [Fact]
    public async Task With_the_brokers_gone_ingest_answers_503_with_Retry_After_never_202_and_loses_nothing_accepted()
    {
        var host = NewHost();
        host.Settings["Resilience:Backends:event_bus:RetryAttempts"] = "0";
        host.Settings["Resilience:Backends:event_bus:MinimumThroughput"] = "2";
        host.Settings["Resilience:Backends:event_bus:BreakDuration"] = "00:00:30";
        // The default failure ratio: the worker's empty receives while the brokers are gone are not counted by the breaker
        // (BackendPipeline.PollAsync), so they cannot hold its ratio under 0.5 against the failed publishes.
        var client = await host.CreateClientAsync();
        await client.PostAsJsonAsync("/ingest/", new { id = "before", text = "Published while the brokers were up." });
        await Eventually.DoneAsync(client, "before");

        _cluster.BrokersDown();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage response;
        do
        {
            response = await client.PostAsJsonAsync("/ingest/", new { id = $"outage-{statuses.Count}", text = "Sent while the brokers are down." });
            statuses.Add(response.StatusCode);
        }
        while (response.StatusCode != HttpStatusCode.ServiceUnavailable && statuses.Count < 10);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.DoesNotContain(HttpStatusCode.Accepted, statuses);
        Assert.All(statuses[..^1], s => Assert.Contains(s, new[] { HttpStatusCode.BadGateway, HttpStatusCode.GatewayTimeout }));

        // What was refused was still accepted by the store: the worker publishes it once the brokers are back.
        _cluster.BrokersUp();
        await host.Services.GetRequiredService<BackendPipelines>()[Backends.EventBus].ResetAsync();
        Assert.Equal("queued", (await client.GetFromJsonAsync<JsonElement>("/ingest/outage-1")).GetProperty("status").GetString());
        var resubmitted = await client.PostAsJsonAsync("/ingest/", new { id = "outage-0", text = "Sent while the brokers are down." });
        Assert.Equal(HttpStatusCode.Accepted, resubmitted.StatusCode);
        await Eventually.DoneAsync(client, "outage-0");
    }

    [Fact]
    public async Task A_crash_between_the_store_write_and_the_produce_or_after_the_produce_loses_and_duplicates_nothing()
    {
        var first = NewHost();
        await first.CreateClientAsync();
        var store = first.Services.GetRequiredKeyedService<IEventStore>(EngineRegistration.Adapter);
        var ns = MemoryNamespace.Default;

        // Crash after the store write, before the produce: stored, never produced.
        await store.AcceptAsync(ns, new IngestEvent(RecordId.FromString("stored-only"), "Edsger Dijkstra published his shortest path algorithm in 1959.", []));

        // Crash after the produce, before its publication is recorded: produced, the store does not know it.
        var produced = new IngestEvent(RecordId.FromString("produced-unrecorded"), "Barbara Liskov designed the CLU language.", []);
        await store.AcceptAsync(ns, produced);
        using (var bus = KafkaMockCluster.OpenBus(_kafka, TimeProvider.System))
        {
            await bus.PublishAsync(new EventEnvelope(ns, produced));
        }

        await first.DisposeAsync();
        var restarted = Restart(first);
        var client = await restarted.CreateClientAsync();

        await Eventually.DoneAsync(client, "stored-only");
        await Eventually.DoneAsync(client, "produced-unrecorded");
        await AssertChunksOnceAsync(restarted, ["stored-only", "produced-unrecorded"]);
    }

    [Fact]
    public async Task A_consumer_killed_mid_batch_without_committing_gets_its_events_again_with_no_loss_and_no_duplicate_chunk()
    {
        var first = NewHost();
        var faults = first.Inject(Backends.GraphStore, TimeSpan.FromSeconds(60));
        var client = await first.CreateClientAsync();
        faults.Mode = FaultMode.Stall;
        var ids = Enumerable.Range(0, 6).Select(i => $"killed-{i}").ToList();
        foreach (var id in ids)
        {
            Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync("/ingest/", new { id, text = $"Event {id} about Claude Shannon and information theory." })).StatusCode);
        }

        // The worker has the batch: chunks and keywords written, stalled in the graph, nothing committed.
        await Eventually.DoneAsync(client, ids[0], expected: "processing");
        await first.DisposeAsync();

        var restarted = OnSameFolder(first);
        var again = await restarted.CreateClientAsync();
        foreach (var id in ids)
        {
            await Eventually.DoneAsync(again, id);
        }

        await AssertChunksOnceAsync(restarted, ids);
    }

    [Fact]
    public async Task Two_consumers_in_the_group_and_a_rebalance_process_every_event_exactly_once()
    {
        var host = NewHost();
        host.Settings["Ingestion:BatchSize"] = "2";
        var client = await host.CreateClientAsync();
        var ids = Enumerable.Range(0, 24).Select(i => $"pair-{i}").ToList();
        foreach (var id in ids.Take(12))
        {
            await client.PostAsJsonAsync("/ingest/", new { id, text = $"Event {id} about Margaret Hamilton and the Apollo guidance software." });
        }

        // A second worker joins the group mid-stream, over the same stores, as a second worker process would.
        var secondBus = new CountingBus(KafkaMockCluster.OpenBus(_kafka, TimeProvider.System));
        using var second = ActivatorUtilities.CreateInstance<IngestionWorker>(host.Services, (IEventBus)secondBus);
        await second.StartAsync(CancellationToken.None);
        foreach (var id in ids.Skip(12))
        {
            await client.PostAsJsonAsync("/ingest/", new { id, text = $"Event {id} about Margaret Hamilton and the Apollo guidance software." });
        }

        var statuses = new List<JsonElement>();
        foreach (var id in ids)
        {
            statuses.Add(await Eventually.DoneAsync(client, id));
        }

        await second.StopAsync(CancellationToken.None);
        secondBus.Inner.Dispose();
        Assert.True(secondBus.Received > 0, "the second consumer took partitions in the rebalance");
        Assert.All(statuses, s => Assert.Equal(1, s.GetProperty("attempts").GetInt32()));
        await AssertChunksOnceAsync(host, ids);
    }

    [Fact]
    public async Task A_delivery_whose_settlement_failed_is_handed_back_and_committed_once_the_bus_answers_again()
    {
        var host = NewHost();
        host.Settings["Resilience:Backends:event_bus:RetryAttempts"] = "0";
        host.Settings["Resilience:Backends:event_bus:BreakDuration"] = "00:00:01";
        var settlement = new SettlementSwitch();
        host.ServiceOverrides.Add(services => services.AddKeyedSingleton<IEventBus>(
            EngineRegistration.Adapter, (sp, _) => new SettlementFailingBus(sp.GetRequiredService<KafkaEventBus>(), settlement)));
        var client = await host.CreateClientAsync();
        var backlog = host.Services.GetRequiredService<IReportsBacklog>();

        // Processed and recorded done, but neither acknowledging, retrying nor handing back reaches the bus.
        settlement.Failing = true;
        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsJsonAsync("/ingest/", new { id = "unsettled", text = "Ada Lovelace wrote the first published program." })).StatusCode);
        await Eventually.DoneAsync(client, "unsettled");
        await WaitUntilAsync(() => Task.FromResult(settlement.Refused >= 3), "the worker tried to settle and to hand back");
        Assert.Equal(1, (await backlog.ReadBacklogAsync()).TotalLag);

        // The bus answers again: the worker hands the delivery back, receives it, finds it done and commits past it.
        settlement.Failing = false;
        await WaitUntilAsync(async () => (await backlog.ReadBacklogAsync()).TotalLag == 0, "the offset was committed");
        Assert.Equal(1, (await client.GetFromJsonAsync<JsonElement>("/ingest/unsettled")).GetProperty("attempts").GetInt32());
        await AssertChunksOnceAsync(host, ["unsettled"]);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"Timed out waiting until {what}.");
            await Task.Delay(100);
        }
    }

    public void Dispose()
    {
        foreach (var host in _hosts)
        {
            host.Dispose();
        }

        _cluster.Dispose();
    }

    private RagMemoryApiFactory NewHost()
    {
        var host = new RagMemoryApiFactory();
        foreach (var (key, value) in KafkaMockCluster.Settings(_kafka))
        {
            host.Settings[key] = value;
        }

        _hosts.Add(host);
        return host;
    }

    private RagMemoryApiFactory Restart(RagMemoryApiFactory host)
    {
        var restarted = host.Restart();
        _hosts.Add(restarted);
        return restarted;
    }

    /// <summary>A restart on the same data folder and settings, without the fault injector of the first run.</summary>
    private RagMemoryApiFactory OnSameFolder(RagMemoryApiFactory host)
    {
        var restarted = RagMemoryApiFactory.OnDataDirectory(host.DataDirectory);
        foreach (var (key, value) in host.Settings.Where(s => !s.Key.StartsWith("Resilience:", StringComparison.Ordinal)))
        {
            restarted.Settings[key] = value;
        }

        _hosts.Add(restarted);
        return restarted;
    }

    /// <summary>Each event's one chunk is stored once as a vector and once as a keyword document, whatever was redelivered.</summary>
    private static async Task AssertChunksOnceAsync(RagMemoryApiFactory host, IReadOnlyList<string> ids)
    {
        var chunks = host.Services.GetRequiredService<IChunkStore>();
        Assert.Equal(ids.Count, (await chunks.GetInfoAsync()).Size);
        var keywords = await host.Services.GetRequiredService<IKeywordIndex>().GetChunksAsync(MemoryNamespace.Default, [.. ids.Select(RecordId.FromString)]);
        Assert.Equal(ids.Order(StringComparer.Ordinal), keywords.Select(k => k.EventId.ToString()).Order(StringComparer.Ordinal));
    }

    /// <summary>A bus that counts what it hands out, to tell that the second consumer had a share.</summary>
    private sealed class CountingBus(KafkaEventBus inner) : IEventBus
    {
        private int _received;

        public KafkaEventBus Inner { get; } = inner;

        public int Received => Volatile.Read(ref _received);

        public Task PublishAsync(EventEnvelope envelope, CancellationToken cancellationToken = default) => Inner.PublishAsync(envelope, cancellationToken);

        public async Task<IReadOnlyList<EventDelivery>> ReceiveAsync(int max, CancellationToken cancellationToken = default)
        {
            var received = await Inner.ReceiveAsync(max, cancellationToken);
            Interlocked.Add(ref _received, received.Count);
            return received;
        }

        public Task AcknowledgeAsync(IReadOnlyList<EventDelivery> deliveries, CancellationToken cancellationToken = default) => Inner.AcknowledgeAsync(deliveries, cancellationToken);

        public Task RetryLaterAsync(EventDelivery delivery, DateTimeOffset dueAt, CancellationToken cancellationToken = default) => Inner.RetryLaterAsync(delivery, dueAt, cancellationToken);

        public Task DeadLetterAsync(EventDelivery delivery, string error, CancellationToken cancellationToken = default) => Inner.DeadLetterAsync(delivery, error, cancellationToken);

        public Task<int> RecoverUnacknowledgedAsync(CancellationToken cancellationToken = default) => Inner.RecoverUnacknowledgedAsync(cancellationToken);

        public Task WaitForWorkAsync(TimeSpan maxWait, CancellationToken cancellationToken = default) => Inner.WaitForWorkAsync(maxWait, cancellationToken);

        public Task<RagMemory.Engines.EngineDescription> DescribeAsync(CancellationToken cancellationToken = default) => Inner.DescribeAsync(cancellationToken);
    }

    private sealed class SettlementSwitch
    {
        private int _refused;
        private volatile bool _failing;

        public bool Failing
        {
            get => _failing;
            set => _failing = value;
        }

        public int Refused => Volatile.Read(ref _refused);

        public void ThrowIfFailing()
        {
            if (_failing)
            {
                Interlocked.Increment(ref _refused);
                throw new KafkaException(new Error(ErrorCode.Local_Transport, "settlement refused by the test"));
            }
        }
    }

    /// <summary>The real Kafka bus, whose settling calls (acknowledge, retry, dead-letter, hand back) fail while the switch is on.</summary>
    private sealed class SettlementFailingBus(KafkaEventBus inner, SettlementSwitch settlement) : IEventBus
    {
        public Task PublishAsync(EventEnvelope envelope, CancellationToken cancellationToken = default) => inner.PublishAsync(envelope, cancellationToken);

        public Task<IReadOnlyList<EventDelivery>> ReceiveAsync(int max, CancellationToken cancellationToken = default) => inner.ReceiveAsync(max, cancellationToken);

        public Task AcknowledgeAsync(IReadOnlyList<EventDelivery> deliveries, CancellationToken cancellationToken = default)
        {
            settlement.ThrowIfFailing();
            return inner.AcknowledgeAsync(deliveries, cancellationToken);
        }

        public Task RetryLaterAsync(EventDelivery delivery, DateTimeOffset dueAt, CancellationToken cancellationToken = default)
        {
            settlement.ThrowIfFailing();
            return inner.RetryLaterAsync(delivery, dueAt, cancellationToken);
        }

        public Task DeadLetterAsync(EventDelivery delivery, string error, CancellationToken cancellationToken = default)
        {
            settlement.ThrowIfFailing();
            return inner.DeadLetterAsync(delivery, error, cancellationToken);
        }

        public Task<int> RecoverUnacknowledgedAsync(CancellationToken cancellationToken = default)
        {
            settlement.ThrowIfFailing();
            return inner.RecoverUnacknowledgedAsync(cancellationToken);
        }

        public Task WaitForWorkAsync(TimeSpan maxWait, CancellationToken cancellationToken = default) => inner.WaitForWorkAsync(maxWait, cancellationToken);

        public Task<RagMemory.Engines.EngineDescription> DescribeAsync(CancellationToken cancellationToken = default) => inner.DescribeAsync(cancellationToken);
    }
}
