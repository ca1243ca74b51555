using RagMemory.Ingestion;
using RagMemory.Namespaces;

namespace RagMemory.Tests.Engines.Kafka;

/// <summary>
/// What the queue panel shows on Kafka, read from the mock cluster: lag per partition from the watermarks and the
/// group's committed offsets. The mock cannot describe groups, so the members are reported unavailable with the reason.
/// </summary>
public sealed class KafkaBacklogTests : IDisposable
{
    private readonly KafkaMockCluster _cluster = new();

    [Fact]
    public async Task Lag_per_partition_counts_what_the_group_has_not_committed()
    {
        var options = _cluster.NewOptions();
        using var bus = KafkaMockCluster.OpenBus(options, TimeProvider.System);
        foreach (var id in new[] { "a", "b", "c" })
        {
            await bus.PublishAsync(new EventEnvelope(MemoryNamespace.Default, new IngestEvent(RecordId.FromString(id), $"text {id}", [])));
        }

        var received = await bus.ReceiveAsync(10);
        await bus.AcknowledgeAsync([received[0]]);
        var backlog = await bus.ReadBacklogAsync();

        Assert.Equal(2 * KafkaMockCluster.Partitions, backlog.Partitions.Count);
        Assert.Equal(3, backlog.Partitions.Where(p => p.Topic == options.Topic).Sum(p => p.EndOffset));
        Assert.Equal(2, backlog.TotalLag);
        Assert.Null(backlog.Members);
        Assert.Contains("cannot describe consumer group", backlog.MembersUnavailable, StringComparison.Ordinal);
    }

    public void Dispose() => _cluster.Dispose();
}
