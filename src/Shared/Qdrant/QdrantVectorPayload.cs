using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Qdrant.Client.Grpc;
using RagMemory.Namespaces;

namespace RagMemory.Qdrant;

/// <summary>
/// How a client's vector record is laid out in a point's payload. The client's payload is kept as its JSON text, so it
/// comes back exactly as sent (numbers, nesting, nulls); filters read <see cref="Fields"/>, a flat copy of its top-level
/// scalars built so that Qdrant's conditions mean what <see cref="Vectors.PayloadFilter.Matches"/> means (see
/// <see cref="QdrantFilters"/>): numbers as doubles (2 and 2.0 are one number), nulls as null, and the names of fields
/// holding an object or array listed apart, since they equal no scalar and are not null.
/// </summary>
public static class QdrantVectorPayload
{
    public const string NamespaceField = "namespace";
    public const string RecordIdField = "record_id";
    public const string PayloadJsonField = "payload_json";
    public const string Fields = "fields";
    public const string StructuredFields = "structured_fields";

    public static Dictionary<string, Value> ToPoint(MemoryNamespace ns, RecordId id, JsonObject payload)
    {
        var point = new Dictionary<string, Value>
        {
            [NamespaceField] = ns.Name,
            [RecordIdField] = id.Json,
            [PayloadJsonField] = payload.ToJsonString(),
        };
        AddFilterFields(point, payload);
        return point;
    }

    /// <summary>Adds <see cref="Fields"/> and <see cref="StructuredFields"/>, the form <see cref="QdrantFilters"/> filters on, for a payload or a chunk's metadata.</summary>
    public static void AddFilterFields(Dictionary<string, Value> point, JsonObject payload)
    {
        var fields = new Struct();
        var structured = new ListValue();
        foreach (var (name, node) in payload)
        {
            switch (node)
            {
                case null:
                    fields.Fields[name] = new Value { NullValue = NullValue.NullValue };
                    break;
                case JsonValue value:
                    fields.Fields[name] = Scalar(value);
                    break;
                default:
                    structured.Values.Add(new Value { StringValue = name });
                    break;
            }
        }

        point[Fields] = new Value { StructValue = fields };
        point[StructuredFields] = new Value { ListValue = structured };
    }

    public static RecordId ReadId(IDictionary<string, Value> payload) => RecordId.FromStoredJson(payload[RecordIdField].StringValue);

    public static JsonObject ReadPayload(IDictionary<string, Value> payload) =>
        payload.TryGetValue(PayloadJsonField, out var json) && JsonNode.Parse(json.StringValue) is JsonObject read ? read : [];

    private static Value Scalar(JsonValue value) => value.GetValueKind() switch
    {
        JsonValueKind.String => value.GetValue<string>(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        // Through the JSON text, as PayloadFilter reads numbers: a node built in code holds an int, one parsed a JsonElement.
        JsonValueKind.Number => double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture),
        _ => new Value { NullValue = NullValue.NullValue },
    };
}
