using System.ComponentModel.DataAnnotations;
using Confluent.Kafka;

namespace RagMemory.Ingestion.Kafka;

/// <summary>
/// Where the Kafka event bus runs and how it connects (bound from <c>Kafka</c>, read when <c>Engines:Ingestion=Kafka</c>).
/// The retry and dead-letter topics default to names derived from <see cref="Topic"/>.
/// </summary>
public sealed class KafkaOptions : IValidatableObject
{
    public const string SectionName = "Kafka";

    /// <summary>Comma-separated <c>host:port</c> list of brokers.</summary>
    [Required(ErrorMessage = "Kafka:BootstrapServers is required when Engines:Ingestion is Kafka (comma-separated host:port).")]
    public string BootstrapServers { get; set; } = string.Empty;

    [Required(ErrorMessage = "Kafka:Topic must name the ingestion topic.")]
    [RegularExpression(TopicName, ErrorMessage = "Kafka:Topic may hold letters, digits, '.', '_' and '-' only.")]
    public string Topic { get; set; } = "ragmemory.ingest";

    /// <summary>Failed events waiting for their next attempt; <c>&lt;Topic&gt;.retry</c> when empty.</summary>
    [RegularExpression(TopicName, ErrorMessage = "Kafka:RetryTopic may hold letters, digits, '.', '_' and '-' only.")]
    public string? RetryTopic { get; set; }

    /// <summary>Events that spent their attempts; <c>&lt;Topic&gt;.dead-letters</c> when empty.</summary>
    [RegularExpression(TopicName, ErrorMessage = "Kafka:DeadLetterTopic may hold letters, digits, '.', '_' and '-' only.")]
    public string? DeadLetterTopic { get; set; }

    [Required(ErrorMessage = "Kafka:ConsumerGroup must name the workers' consumer group.")]
    public string ConsumerGroup { get; set; } = "ragmemory-ingestion";

    /// <summary>Partitions of each topic RagMemory creates: the most workers that can consume at once.</summary>
    [Range(1, 10_000, ErrorMessage = "Kafka:Partitions must be between 1 and 10000.")]
    public int Partitions { get; set; } = 6;

    [Range(1, 100, ErrorMessage = "Kafka:ReplicationFactor must be between 1 and 100.")]
    public short ReplicationFactor { get; set; } = 3;

    /// <summary>Create the three topics at start when missing; off where an operator creates them.</summary>
    public bool CreateTopics { get; set; } = true;

    /// <summary>How long the producer keeps trying to deliver one event before the publication fails (librdkafka <c>message.timeout.ms</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00", ErrorMessage = "Kafka:MessageTimeout must be between 100 ms and 10 minutes.")]
    public TimeSpan MessageTimeout { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>How long one receive waits for the first event before it answers that there is none.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00", ErrorMessage = "Kafka:ReceiveWait must be between 10 ms and 1 minute.")]
    public TimeSpan ReceiveWait { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A worker that does not ask for events this long is removed from the group (librdkafka <c>max.poll.interval.ms</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Kafka:MaxPollInterval must be between 1 second and 1 day.")]
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromMinutes(5);

    [Range(typeof(TimeSpan), "00:00:01", "00:30:00", ErrorMessage = "Kafka:SessionTimeout must be between 1 second and 30 minutes.")]
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(45);

    public SecurityProtocol SecurityProtocol { get; set; } = SecurityProtocol.Plaintext;

    /// <summary>Required with a SASL security protocol.</summary>
    public SaslMechanism? SaslMechanism { get; set; }

    public string? SaslUsername { get; set; }

    /// <summary>A secret: give it by environment variable (<c>Kafka__SaslPassword</c>), never in a committed file.</summary>
    public string? SaslPassword { get; set; }

    /// <summary>CA certificate file that signs the brokers' certificates, with SSL.</summary>
    public string? SslCaLocation { get; set; }

    /// <summary>Any other librdkafka property, by its librdkafka name; applied to the producer, the consumer and the admin client.</summary>
    public Dictionary<string, string> ClientSettings { get; set; } = [];

    public string RetryTopicName => string.IsNullOrWhiteSpace(RetryTopic) ? $"{Topic}.retry" : RetryTopic;

    public string DeadLetterTopicName => string.IsNullOrWhiteSpace(DeadLetterTopic) ? $"{Topic}.dead-letters" : DeadLetterTopic;

    private const string TopicName = "^[A-Za-z0-9._-]{1,249}$";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (MaxPollInterval < SessionTimeout)
        {
            yield return new ValidationResult("Kafka:MaxPollInterval must be at least Kafka:SessionTimeout.", [nameof(MaxPollInterval)]);
        }

        if (new[] { Topic, RetryTopicName, DeadLetterTopicName }.Distinct(StringComparer.Ordinal).Count() < 3)
        {
            yield return new ValidationResult("Kafka:Topic, Kafka:RetryTopic and Kafka:DeadLetterTopic must be three different topics.", [nameof(RetryTopic)]);
        }

        var sasl = SecurityProtocol is SecurityProtocol.SaslPlaintext or SecurityProtocol.SaslSsl;
        if (sasl && SaslMechanism is null)
        {
            yield return new ValidationResult($"Kafka:SaslMechanism is required with Kafka:SecurityProtocol {SecurityProtocol}.", [nameof(SaslMechanism)]);
        }

        if (sasl && SaslMechanism is not Confluent.Kafka.SaslMechanism.Gssapi and not Confluent.Kafka.SaslMechanism.OAuthBearer
            && (string.IsNullOrEmpty(SaslUsername) || string.IsNullOrEmpty(SaslPassword)))
        {
            yield return new ValidationResult($"Kafka:SaslUsername and Kafka:SaslPassword are required with Kafka:SaslMechanism {SaslMechanism}.", [nameof(SaslUsername)]);
        }

        if (!sasl && SaslMechanism is not null)
        {
            yield return new ValidationResult("Kafka:SaslMechanism needs Kafka:SecurityProtocol SaslPlaintext or SaslSsl.", [nameof(SecurityProtocol)]);
        }
    }

    /// <summary>The settings every client of this bus shares: brokers, security and the extra properties.</summary>
    internal ClientConfig ClientConfig()
    {
        var config = new ClientConfig(new Dictionary<string, string>(ClientSettings))
        {
            BootstrapServers = BootstrapServers,
            SecurityProtocol = SecurityProtocol,
        };
        if (SaslMechanism is { } mechanism)
        {
            config.SaslMechanism = mechanism;
            config.SaslUsername = SaslUsername;
            config.SaslPassword = SaslPassword;
        }

        if (SslCaLocation is not null)
        {
            config.SslCaLocation = SslCaLocation;
        }

        return config;
    }
}
