using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RagMemory.Graph.Neo4j;

/// <summary>
/// Neo4j's JSON with type information (<c>application/vnd.neo4j.query</c>): every value is
/// <c>{"$type": "Integer", "_value": "42"}</c>. Sending it says exactly which Cypher type a parameter has (an Integer
/// and a Float stay apart however a number was written), and reading it keeps Integers exact beyond 2^53.
/// </summary>
public static class TypedJson
{
    public const string MediaType = "application/vnd.neo4j.query";

    /// <summary>A plain JSON value as its typed form: a number without fraction or exponent is an Integer (if it fits 64 bits), any other a Float.</summary>
    public static JsonObject Encode(JsonNode? value) => value switch
    {
        null => Typed("Null", null),
        JsonObject map => Typed("Map", new JsonObject(map.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Encode(p.Value))))),
        JsonArray list => Typed("List", new JsonArray(list.Select(item => (JsonNode?)Encode(item)).ToArray())),
        JsonValue scalar => EncodeScalar(scalar),
        _ => throw new ArgumentException($"Cannot encode {value.GetValueKind()}.", nameof(value)),
    };

    /// <summary>A typed value as plain JSON: Integers as 64-bit numbers, Floats as doubles; types with no plain form (dates, points) as their text.</summary>
    public static JsonNode? Decode(JsonNode? typed)
    {
        if (typed is not JsonObject { } wrapper || !wrapper.TryGetPropertyValue("$type", out var typeNode))
        {
            throw new FormatException($"Expected a typed value, got {typed?.ToJsonString() ?? "null"}.");
        }

        var value = wrapper["_value"];
        return typeNode!.GetValue<string>() switch
        {
            "Null" => null,
            "Boolean" => JsonValue.Create(value!.GetValue<bool>()),
            "Integer" => JsonValue.Create(long.Parse(value!.GetValue<string>(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)),
            "Float" => JsonValue.Create(double.Parse(value!.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture)),
            "String" => JsonValue.Create(value!.GetValue<string>()),
            "List" => new JsonArray(value!.AsArray().Select(Decode).ToArray()),
            "Map" => new JsonObject(value!.AsObject().Select(p => KeyValuePair.Create(p.Key, Decode(p.Value)))),
            _ => value?.DeepClone(),
        };
    }

    private static JsonObject EncodeScalar(JsonValue scalar)
    {
        var element = JsonSerializer.SerializeToElement(scalar);
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return Typed("String", element.GetString());
            case JsonValueKind.True or JsonValueKind.False:
                return Typed("Boolean", element.GetBoolean());
            case JsonValueKind.Number:
                var text = element.GetRawText();
                return IsInteger(text) && element.TryGetInt64(out var integer)
                    ? Typed("Integer", integer.ToString(CultureInfo.InvariantCulture))
                    : Typed("Float", element.GetDouble().ToString("R", CultureInfo.InvariantCulture));
            case JsonValueKind.Null:
                return Typed("Null", null);
            default:
                throw new ArgumentException($"Cannot encode {element.ValueKind}.", nameof(scalar));
        }
    }

    /// <summary>Whether JSON number text has neither fraction nor exponent: <c>1</c> is an Integer, <c>1.0</c> and <c>1e3</c> are Floats.</summary>
    public static bool IsInteger(string numberText) => numberText.AsSpan().IndexOfAny(".eE") < 0;

    private static JsonObject Typed(string type, JsonNode? value) => new() { ["$type"] = type, ["_value"] = value };

    private static JsonObject Typed(string type, string? value) => Typed(type, value is null ? null : JsonValue.Create(value));

    private static JsonObject Typed(string type, bool value) => Typed(type, JsonValue.Create(value));
}
