using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using RagMemory.Errors;

namespace RagMemory;

/// <summary>
/// An identifier that clients send either as a string or as an integer (the seed's clients send integers for vectors).
/// It is stored as its JSON text so that both kinds round-trip unchanged and never collide ("1" differs from 1).
/// </summary>
public readonly record struct RecordId
{
    private RecordId(string json) => Json = json;

    /// <summary>The canonical JSON text: <c>42</c> or <c>"doc-1"</c>.</summary>
    public string Json { get; }

    public bool IsInteger => Json.Length > 0 && Json[0] != '"';

    /// <summary>A string id; one holding a lone surrogate (no Unicode text, so no JSON either) is a 400, not the serializer's ArgumentException.</summary>
    public static RecordId FromString(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsHighSurrogate(value[i]) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(value[i]))
            {
                throw new InvalidInputException("id", $"'id' must be Unicode text; it holds a lone surrogate at position {i}.");
            }
        }

        return new(JsonSerializer.Serialize(value));
    }

    public static RecordId FromInteger(long value) => new(value.ToString(CultureInfo.InvariantCulture));

    public static RecordId FromStoredJson(string json) => new(json);

    public static RecordId FromJson(JsonElement element, string field)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String when !string.IsNullOrWhiteSpace(element.GetString()) && element.GetString()!.Length <= 256:
                return FromString(element.GetString()!);
            case JsonValueKind.Number when element.TryGetInt64(out var number):
                return FromInteger(number);
            default:
                throw new InvalidInputException(field, $"'{field}' must be a non-empty string of at most 256 characters or an integer.");
        }
    }

    public JsonNode ToJsonNode() => JsonNode.Parse(Json)!;

    /// <summary>The value as a person reads it: the integer or the string without quotes.</summary>
    public override string ToString() => IsInteger ? Json : JsonSerializer.Deserialize<string>(Json)!;
}
