using RagMemory.Ingestion;
using RagMemory.Ingestion.Kafka;
using RagMemory.Tests.Engines.Contracts;

namespace RagMemory.Tests.Engines.Kafka;

/// <summary>
/// The event bus contract against the Kafka adapter on librdkafka's mock cluster: each test has its own topics and
/// consumer group. Opening a bus stands for a restart, so it first stops the consumers of the buses opened before
/// (they leave the group without committing what they hold), as a stopped process would.
/// </summary>
public sealed class KafkaEventBusContractTests : EventBusContract
{
    private readonly KafkaMockCluster _cluster = new();
    private readonly List<KafkaEventBus> _buses = [];
    private KafkaOptions? _options;

    protected override IEventBus OpenBus(TimeProvider time)
    {
        _options ??= _cluster.NewOptions();
        foreach (var running in _buses)
        {
            running.StopConsuming();
        }

        var bus = KafkaMockCluster.OpenBus(_options, time);
        _buses.Add(bus);
        return bus;
    }

    public override Task DisposeAsync()
    {
        _buses.ForEach(b => b.Dispose());
        _cluster.Dispose();
        return Task.CompletedTask;
    }
}
