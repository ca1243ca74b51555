using System.Text.Json;
using System.Text.Json.Nodes;

namespace RagMemory.Graph.Neo4j;

/// <summary>
/// How a node's or relationship's JSON properties are kept as Neo4j properties. Neo4j holds only scalars and flat lists
/// of one type, and compares 1 equal to 1.0; our port keeps any JSON value and tells 1 from "1" and from 1.0. So each
/// element keeps three things: <c>rm.props</c>, the properties object as JSON text (what is handed back, unchanged);
/// <c>rm.v.&lt;name&gt;</c>, each value's JSON text (what finds compare, exactly as the embedded store compares JSON);
/// and the value itself under its own name where Neo4j can hold it, so that the graph reads naturally in Cypher.
/// Our names contain a dot, which the name rule forbids to a user's property, so the two never collide.
/// </summary>
public static class StoredProperties
{
    public const string Id = "rm.id";
    public const string Namespace = "rm.ns";
    public const string Label = "rm.label";
    public const string MergeKey = "rm.key";
    public const string Json = "rm.props";
    public const string ValuePrefix = "rm.v.";

    /// <summary>The Neo4j properties for <paramref name="properties"/> (names already validated), with our own added.</summary>
    public static JsonObject For(JsonObject properties, string id, string ns, string? label = null)
    {
        var stored = new JsonObject
        {
            [Id] = id,
            [Namespace] = ns,
            [Json] = properties.ToJsonString(),
        };
        if (label is not null)
        {
            stored[Label] = label;
        }

        foreach (var (name, value) in properties)
        {
            stored[ValuePrefix + name] = ValueText(value);
            if (IsNative(value))
            {
                stored[name] = value!.DeepClone();
            }
        }

        return stored;
    }

    /// <summary>The JSON text a find compares: the value as the client wrote it (<c>1</c>, <c>1.0</c> and <c>"1"</c> differ).</summary>
    public static string ValueText(JsonNode? value) => value?.ToJsonString() ?? "null";

    public static JsonObject Parse(string json) => (JsonObject)JsonNode.Parse(json)!;

    /// <summary>Whether Neo4j can hold the value as a property: a string, boolean, 64-bit integer or finite float, or a non-empty list of one of those kinds.</summary>
    private static bool IsNative(JsonNode? value) => value switch
    {
        JsonValue scalar => KindOf(scalar) is not null,
        JsonArray { Count: > 0 } list => list.All(item => item is JsonValue scalar && KindOf(scalar) is { } kind && kind == KindOf((JsonValue)list[0]!)),
        _ => false,
    };

    private static string? KindOf(JsonValue scalar)
    {
        var element = JsonSerializer.SerializeToElement(scalar);
        return element.ValueKind switch
        {
            JsonValueKind.String => "string",
            JsonValueKind.True or JsonValueKind.False => "boolean",
            JsonValueKind.Number when TypedJson.IsInteger(element.GetRawText()) => element.TryGetInt64(out _) ? "integer" : null,
            JsonValueKind.Number => double.IsFinite(element.GetDouble()) ? "float" : null,
            _ => null,
        };
    }
}
