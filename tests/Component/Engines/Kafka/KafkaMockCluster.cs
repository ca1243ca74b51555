using System.Reflection;
using System.Runtime.InteropServices;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RagMemory.Ingestion.Kafka;

namespace RagMemory.Tests.Engines.Kafka;

/// <summary>
/// librdkafka's mock cluster, the Kafka these tests run against (no broker can be installed on the build machine): a
/// client created with <c>test.mock.num.brokers</c> starts it and it lives as long as that client. Its Kafka protocol
/// is real (produce with acks=all and idempotence, consumer groups, offsets), so the adapter under test is the one
/// that runs against a real cluster. What the mock cannot do, and what this class therefore does through librdkafka's
/// mock API: create topics (<c>CreateTopics</c> is not implemented), stop brokers, and drop the three seconds a group
/// waits for more members before its first assignment (<c>group.initial.rebalance.delay.ms</c> on a real broker).
/// </summary>
public sealed class KafkaMockCluster : IDisposable
{
    public const int Brokers = 3;
    public const int Partitions = 4;

    private readonly IAdminClient _owner;
    private readonly IntPtr _cluster;

    public KafkaMockCluster()
    {
        _owner = new AdminClientBuilder(new AdminClientConfig(new Dictionary<string, string>
        {
            ["bootstrap.servers"] = "unused:9092",
            ["test.mock.num.brokers"] = Brokers.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["log_level"] = "3",
        })).Build();
        _cluster = MockApi.rd_kafka_handle_mock_cluster(MockApi.HandleOf(_owner));
        BootstrapServers = Marshal.PtrToStringUTF8(MockApi.rd_kafka_mock_cluster_bootstraps(_cluster))!;
        MockApi.rd_kafka_mock_group_initial_rebalance_delay_ms(_cluster, 0);
    }

    public string BootstrapServers { get; }

    /// <summary>Creates the ingestion topic, its retry topic and its dead-letter topic, as an operator would.</summary>
    public void CreateTopics(KafkaOptions options)
    {
        foreach (var topic in new[] { options.Topic, options.RetryTopicName, options.DeadLetterTopicName })
        {
            var error = MockApi.rd_kafka_mock_topic_create(_cluster, topic, Partitions, Brokers);
            Assert.True(error == 0, $"Creating mock topic {topic} failed with librdkafka error {error}.");
        }
    }

    /// <summary>Options for a bus on fresh topics and a fresh group of this cluster, with timeouts short enough for tests.</summary>
    public KafkaOptions NewOptions(string? group = null)
    {
        var name = $"ingest-{Guid.NewGuid():N}";
        var options = new KafkaOptions
        {
            BootstrapServers = BootstrapServers,
            Topic = name,
            ConsumerGroup = group ?? $"group-{name}",
            CreateTopics = false,
            Partitions = Partitions,
            ReplicationFactor = Brokers,
            ReceiveWait = TimeSpan.FromMilliseconds(300),
            MessageTimeout = TimeSpan.FromSeconds(2),
            SessionTimeout = TimeSpan.FromSeconds(3),
            ClientSettings = { ["heartbeat.interval.ms"] = "500" },
            MaxPollInterval = TimeSpan.FromSeconds(30),
        };
        CreateTopics(options);
        return options;
    }

    /// <summary>The configuration keys that put a RagMemory host on this cluster with <paramref name="options"/>.</summary>
    public static Dictionary<string, string?> Settings(KafkaOptions options) => new()
    {
        ["Engines:Ingestion"] = "Kafka",
        ["Kafka:BootstrapServers"] = options.BootstrapServers,
        ["Kafka:Topic"] = options.Topic,
        ["Kafka:ConsumerGroup"] = options.ConsumerGroup,
        ["Kafka:CreateTopics"] = "false",
        ["Kafka:ReceiveWait"] = options.ReceiveWait.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        ["Kafka:MessageTimeout"] = options.MessageTimeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        ["Kafka:SessionTimeout"] = options.SessionTimeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        ["Kafka:MaxPollInterval"] = options.MaxPollInterval.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
        ["Kafka:ClientSettings:heartbeat.interval.ms"] = "500",
    };

    public static KafkaEventBus OpenBus(KafkaOptions options, TimeProvider time) =>
        new(Options.Create(options), time, NullLogger<KafkaEventBus>.Instance);

    /// <summary>Every broker stops answering: connections are refused until <see cref="BrokersUp"/>.</summary>
    public void BrokersDown()
    {
        for (var broker = 1; broker <= Brokers; broker++)
        {
            MockApi.rd_kafka_mock_broker_set_down(_cluster, broker);
        }
    }

    public void BrokersUp()
    {
        for (var broker = 1; broker <= Brokers; broker++)
        {
            MockApi.rd_kafka_mock_broker_set_up(_cluster, broker);
        }
    }

    /// <summary>Every message on <paramref name="topic"/>, read outside any group (assigned partitions, from the start).</summary>
    public IReadOnlyList<Message<string, string>> ReadAll(string topic, int expected, TimeSpan timeout)
    {
        using var reader = new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = BootstrapServers,
            GroupId = $"reader-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
        }).Build();
        reader.Assign(Enumerable.Range(0, Partitions).Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var messages = new List<Message<string, string>>();
        var deadline = DateTime.UtcNow + timeout;
        while (messages.Count < expected && DateTime.UtcNow < deadline)
        {
            if (reader.Consume(TimeSpan.FromMilliseconds(100)) is { Message: { } message })
            {
                messages.Add(message);
            }
        }

        return messages;
    }

    public void Dispose() => _owner.Dispose();

    /// <summary>librdkafka's mock-cluster API (rdkafka_mock.h), which Confluent.Kafka does not wrap.</summary>
    private static class MockApi
    {
        static MockApi() => NativeLibrary.SetDllImportResolver(typeof(MockApi).Assembly, Resolve);

        [DllImport("librdkafka")]
        public static extern IntPtr rd_kafka_handle_mock_cluster(IntPtr rk);

        [DllImport("librdkafka")]
        public static extern IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr mcluster);

        [DllImport("librdkafka")]
        public static extern void rd_kafka_mock_group_initial_rebalance_delay_ms(IntPtr mcluster, int delayMs);

        [DllImport("librdkafka")]
        public static extern int rd_kafka_mock_topic_create(IntPtr mcluster, [MarshalAs(UnmanagedType.LPUTF8Str)] string topic, int partitions, int replicationFactor);

        [DllImport("librdkafka")]
        public static extern int rd_kafka_mock_broker_set_down(IntPtr mcluster, int brokerId);

        [DllImport("librdkafka")]
        public static extern int rd_kafka_mock_broker_set_up(IntPtr mcluster, int brokerId);

        /// <summary>The raw <c>rd_kafka_t*</c> of a Confluent.Kafka client (kept internal by the library).</summary>
        public static IntPtr HandleOf(IClient client)
        {
            var property = typeof(Handle).GetProperty("LibrdkafkaHandle", BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Instance)!;
            return ((SafeHandle)property.GetValue(client.Handle)!).DangerousGetHandle();
        }

        /// <summary>The very librdkafka that Confluent.Kafka loaded (it picks one of several builds at run time), so both share the cluster.</summary>
        private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
        {
            if (name != "librdkafka")
            {
                return IntPtr.Zero;
            }

            var loaded = File.ReadLines("/proc/self/maps")
                .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries).Last())
                .First(path => path.EndsWith("librdkafka.so", StringComparison.Ordinal));
            return NativeLibrary.Load(loaded);
        }
    }
}
