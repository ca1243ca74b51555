using System.Text.Json;
using System.Text.Json.Nodes;
using RagMemory.Errors;

namespace RagMemory.Portal.Components;

/// <summary>A form field that holds an optional JSON object, such as an event's metadata or a metadata filter.</summary>
public static class JsonObjectField
{
    /// <summary>Null when the field is blank; otherwise the object, or a 400 naming <paramref name="field"/>.</summary>
    public static JsonObject? Parse(string? text, string field)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text) as JsonObject ?? throw new InvalidInputException(field, $"'{field}' must be a JSON object.");
        }
        catch (JsonException)
        {
            throw new InvalidInputException(field, $"'{field}' must be a JSON object.");
        }
    }
}
