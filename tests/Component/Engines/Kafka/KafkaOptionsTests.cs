using System.ComponentModel.DataAnnotations;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using Microsoft.Extensions.Options;
using RagMemory.Ingestion;
using RagMemory.Ingestion.Kafka;
using RagMemory.Namespaces;
using RagMemory.Tests.Api;

namespace RagMemory.Tests.Engines.Kafka;

/// <summary>The <c>Kafka</c> section is checked at start, each failure naming its key; and the pieces of the adapter that need no broker.</summary>
public sealed class KafkaOptionsTests
{
    [Fact]
    public void The_host_on_Kafka_does_not_start_without_bootstrap_servers_and_names_the_key()
    {
        using var factory = new RagMemoryApiFactory();
        factory.Settings["Engines:Ingestion"] = "Kafka";

        var refused = Assert.Throws<OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("Kafka:BootstrapServers is required", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sasl_without_a_mechanism_or_credentials_is_refused_naming_the_keys()
    {
        var options = new KafkaOptions { BootstrapServers = "broker:9092", SecurityProtocol = SecurityProtocol.SaslSsl };
        Assert.Contains(Validate(options), m => m.StartsWith("Kafka:SaslMechanism is required", StringComparison.Ordinal));

        options.SaslMechanism = SaslMechanism.ScramSha512;
        Assert.Contains(Validate(options), m => m.StartsWith("Kafka:SaslUsername and Kafka:SaslPassword are required", StringComparison.Ordinal));

        options.SaslUsername = "ragmemory";
        options.SaslPassword = "secret";
        Assert.Empty(Validate(options));
    }

    [Fact]
    public void Topics_must_differ_and_poll_interval_must_cover_the_session()
    {
        var options = new KafkaOptions { BootstrapServers = "broker:9092", RetryTopic = "ragmemory.ingest", MaxPollInterval = TimeSpan.FromSeconds(10) };

        var failures = Validate(options);

        Assert.Contains(failures, m => m.StartsWith("Kafka:Topic, Kafka:RetryTopic and Kafka:DeadLetterTopic must be three different topics", StringComparison.Ordinal));
        Assert.Contains("Kafka:MaxPollInterval must be at least Kafka:SessionTimeout.", failures);
    }

    [Fact]
    public void An_event_survives_the_trip_through_a_message_with_its_namespace_and_correlation_id()
    {
        var envelope = new EventEnvelope(MemoryNamespace.Parse("team-a"), new IngestEvent(RecordId.FromInteger(42), "text", new JsonObject { ["k"] = "v" }, "corr-9"));
        var now = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        var retry = KafkaMessages.ToRetry(KafkaMessages.ToMessage(envelope, now), now.AddSeconds(5), now);
        var back = KafkaMessages.ToEnvelope(retry);

        Assert.Equal("42", retry.Key);
        Assert.Equal(envelope.Namespace, back.Namespace);
        Assert.Equal(RecordId.FromInteger(42), back.Event.Id);
        Assert.Equal("v", back.Event.Metadata["k"]!.GetValue<string>());
        Assert.Equal("corr-9", back.Event.CorrelationId);
        Assert.Equal(now.AddSeconds(5), KafkaMessages.DueAt(retry));
    }

    [Fact]
    public void A_partition_commits_only_past_settled_messages()
    {
        var ledger = new PartitionLedger(new TopicPartition("t", 0));
        foreach (var offset in new long[] { 10, 11, 12 })
        {
            ledger.Add(new LedgerEntry(offset, new Message<string, string> { Key = "k", Value = "{}" }, new EventEnvelope(MemoryNamespace.Default, new IngestEvent(RecordId.FromInteger(offset), "t", [])), null));
            ledger.Find(offset)!.State = LedgerState.Held;
        }

        ledger.Settle(11);
        Assert.Equal(10, ledger.Committable()!.Offset.Value);
        ledger.Settle(10);
        Assert.Equal(12, ledger.Committable()!.Offset.Value);
        ledger.Committed(12);
        Assert.Null(ledger.Committable());
        ledger.Settle(12);
        Assert.Equal(13, ledger.Committable()!.Offset.Value);
    }

    [Fact]
    public void Lag_counts_from_the_committed_offset_or_from_the_start_when_nothing_was_committed()
    {
        var backlog = new BusBacklog(
            [new PartitionBacklog("t", 0, StartOffset: 0, EndOffset: 10, CommittedOffset: 7), new PartitionBacklog("t", 1, StartOffset: 3, EndOffset: 5, CommittedOffset: null)],
            null,
            "not supported");

        Assert.Equal([3, 2], backlog.Partitions.Select(p => p.Lag));
        Assert.Equal(5, backlog.TotalLag);
    }

    private static List<string> Validate(KafkaOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage!)];
    }
}
