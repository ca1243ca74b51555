using System.Text.Json;
using System.Text.Json.Nodes;
using Qdrant.Client.Grpc;
using RagMemory.Namespaces;
using RagMemory.Vectors;

namespace RagMemory.Qdrant;

/// <summary>
/// How an ingested chunk is laid out in a point's payload, in the chunk store and the keyword collection alike: its
/// namespace and event (the event id in JSON form, so event 1 and event "1" stay apart) as keyword-indexed fields, its
/// place and text as they are, its metadata as JSON text so it comes back exactly (with the flat copy filters read,
/// as a client payload's) and its event's acceptance time in Unix milliseconds (an integer-indexed field). Read back through
/// <see cref="ChunkPayload.TryRead"/>, the one reading of a chunk's fields.
/// </summary>
public static class QdrantChunkPayload
{
    public const string NamespaceField = QdrantVectorPayload.NamespaceField;
    public const string EventIdField = ChunkPayload.EventIdField;
    public const string ChunkIndexField = ChunkPayload.ChunkIndexField;
    public const string TextField = ChunkPayload.TextField;
    public const string MetadataJsonField = "metadata_json";
    public const string IngestedAtField = ChunkPayload.IngestedAtField;

    public static Dictionary<string, Value> ToPoint(MemoryNamespace ns, RecordId eventId, int chunkIndex, string text, JsonObject? metadata, DateTimeOffset? ingestedAt)
    {
        var payload = new Dictionary<string, Value>
        {
            [NamespaceField] = ns.Name,
            [EventIdField] = eventId.Json,
            [ChunkIndexField] = chunkIndex,
            [TextField] = text,
        };
        if (metadata is not null)
        {
            payload[MetadataJsonField] = metadata.ToJsonString();
        }

        QdrantVectorPayload.AddFilterFields(payload, metadata ?? []);
        if (ingestedAt is { } at)
        {
            payload[IngestedAtField] = at.ToUnixTimeMilliseconds();
        }

        return payload;
    }

    public static Filter OfEvents(MemoryNamespace ns, IReadOnlyList<RecordId> eventIds)
    {
        var filter = QdrantFilters.InNamespace(ns);
        filter.Must.Add(Conditions.Match(EventIdField, eventIds.Select(e => e.Json).ToList()));
        return filter;
    }

    /// <summary>The chunk, or the field at fault when the point does not hold one (written by hand or by another program).</summary>
    public static bool TryRead(IDictionary<string, Value> payload, out ChunkPayload? chunk, out string? invalidField)
    {
        var json = new JsonObject();
        if (payload.TryGetValue(EventIdField, out var eventId))
        {
            json[EventIdField] = eventId.KindCase == Value.KindOneofCase.StringValue ? ParseOrNull(eventId.StringValue) : null;
        }

        if (payload.TryGetValue(TextField, out var text))
        {
            json[TextField] = text.KindCase == Value.KindOneofCase.StringValue ? text.StringValue : NotAString;
        }

        if (payload.TryGetValue(ChunkIndexField, out var index))
        {
            json[ChunkIndexField] = index.KindCase == Value.KindOneofCase.IntegerValue ? index.IntegerValue : NotANumber;
        }

        if (payload.TryGetValue(MetadataJsonField, out var metadata))
        {
            json[ChunkPayload.MetadataField] = metadata.KindCase == Value.KindOneofCase.StringValue ? ParseOrNull(metadata.StringValue) ?? NotANumber : NotAString;
        }

        if (payload.TryGetValue(IngestedAtField, out var ingestedAt))
        {
            json[IngestedAtField] = ingestedAt.KindCase == Value.KindOneofCase.IntegerValue ? ingestedAt.IntegerValue : NotANumber;
        }

        return ChunkPayload.TryRead(json, out chunk, out invalidField);
    }

    // Stand-ins of the wrong kind, so that ChunkPayload.TryRead names the field whose stored value is not what a chunk holds.
    private static JsonValue NotAString => JsonValue.Create(0);

    private static JsonValue NotANumber => JsonValue.Create("not a number");

    private static JsonNode? ParseOrNull(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
