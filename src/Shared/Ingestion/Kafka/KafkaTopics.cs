using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace RagMemory.Ingestion.Kafka;

/// <summary>Creates the topic, the retry topic and the dead-letter topic when they are missing (<c>Kafka:CreateTopics</c>).</summary>
internal static class KafkaTopics
{
    public static async Task CreateMissingAsync(IAdminClient admin, KafkaOptions options, TimeSpan timeout)
    {
        var topics = new[] { options.Topic, options.RetryTopicName, options.DeadLetterTopicName }
            .Select(name => new TopicSpecification { Name = name, NumPartitions = options.Partitions, ReplicationFactor = options.ReplicationFactor })
            .ToList();
        try
        {
            await admin.CreateTopicsAsync(topics, new CreateTopicsOptions { RequestTimeout = timeout, OperationTimeout = timeout }).ConfigureAwait(false);
        }
        catch (CreateTopicsException exception) when (exception.Results.All(r => r.Error.Code is ErrorCode.NoError or ErrorCode.TopicAlreadyExists))
        {
            // They exist already: the usual case after the first start.
        }
    }
}
