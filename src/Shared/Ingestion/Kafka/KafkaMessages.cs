using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Confluent.Kafka;
using RagMemory.Namespaces;

namespace RagMemory.Ingestion.Kafka;

/// <summary>
/// How an event travels on the topics: keyed by its id (JSON, so 42 and "42" stay two keys), the text and metadata as
/// a JSON value, and the namespace, correlation id, due time (retry topic) and error (dead-letter topic) as headers.
/// </summary>
public static class KafkaMessages
{
    public const string NamespaceHeader = "ragmemory-namespace";
    public const string CorrelationIdHeader = "correlation-id";
    public const string DueAtHeader = "ragmemory-due-at";
    public const string ErrorHeader = "ragmemory-error";

    public static Message<string, string> ToMessage(EventEnvelope envelope, DateTimeOffset now)
    {
        var ingestEvent = envelope.Event;
        var value = new JsonObject { ["text"] = ingestEvent.Text, ["metadata"] = ingestEvent.Metadata.DeepClone() };
        var headers = new Headers { { NamespaceHeader, Encoding.UTF8.GetBytes(envelope.Namespace.Name) } };
        if (ingestEvent.CorrelationId is { } correlationId)
        {
            headers.Add(CorrelationIdHeader, Encoding.UTF8.GetBytes(correlationId));
        }

        return new Message<string, string> { Key = ingestEvent.Id.Json, Value = value.ToJsonString(), Headers = headers, Timestamp = new Timestamp(now) };
    }

    /// <summary>The same event for the retry topic, due at <paramref name="dueAt"/>.</summary>
    public static Message<string, string> ToRetry(Message<string, string> message, DateTimeOffset dueAt, DateTimeOffset now) =>
        WithHeader(message, DueAtHeader, dueAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), now);

    /// <summary>The same event for the dead-letter topic, with the error of its last attempt.</summary>
    public static Message<string, string> ToDeadLetter(Message<string, string> message, string error, DateTimeOffset now) =>
        WithHeader(message, ErrorHeader, error, now);

    public static EventEnvelope ToEnvelope(Message<string, string> message)
    {
        var value = JsonNode.Parse(message.Value)!.AsObject();
        var ingestEvent = new IngestEvent(
            RecordId.FromStoredJson(message.Key),
            value["text"]!.GetValue<string>(),
            value["metadata"]?.DeepClone().AsObject() ?? [],
            Header(message, CorrelationIdHeader));
        return new EventEnvelope(MemoryNamespace.FromStored(Header(message, NamespaceHeader) ?? MemoryNamespace.Default.Name), ingestEvent);
    }

    /// <summary>When a retry is due; null for a first delivery, due at once.</summary>
    public static DateTimeOffset? DueAt(Message<string, string> message) =>
        Header(message, DueAtHeader) is { } due ? DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(due, CultureInfo.InvariantCulture)) : null;

    public static string? Header(Message<string, string> message, string name) =>
        message.Headers?.TryGetLastBytes(name, out var bytes) == true ? Encoding.UTF8.GetString(bytes) : null;

    private static Message<string, string> WithHeader(Message<string, string> message, string name, string value, DateTimeOffset now)
    {
        var headers = new Headers();
        foreach (var header in message.Headers ?? [])
        {
            if (header.Key != name)
            {
                headers.Add(header.Key, header.GetValueBytes());
            }
        }

        headers.Add(name, Encoding.UTF8.GetBytes(value));
        return new Message<string, string> { Key = message.Key, Value = message.Value, Headers = headers, Timestamp = new Timestamp(now) };
    }
}
