using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RagMemory.Errors;

namespace RagMemory.Vectors;

/// <summary>Exact-match conditions on top-level payload fields, all of which must hold.</summary>
public sealed partial class PayloadFilter
{
    private PayloadFilter(IReadOnlyDictionary<string, JsonNode?> conditions) => Conditions = conditions;

    public IReadOnlyDictionary<string, JsonNode?> Conditions { get; }

    public static PayloadFilter? From(JsonObject? filter)
    {
        if (filter is null || filter.Count == 0)
        {
            return null;
        }

        foreach (var (name, value) in filter)
        {
            if (!FieldName().IsMatch(name))
            {
                throw new InvalidInputException("filter", $"'filter' field names must match {FieldName()} (got '{name}').");
            }

            if (value is JsonObject or JsonArray)
            {
                throw new InvalidInputException("filter", $"'filter.{name}' must be a string, number, boolean or null.");
            }
        }

        return new PayloadFilter(filter.ToDictionary(p => p.Key, p => p.Value?.DeepClone()));
    }

    public bool Matches(JsonObject payload) => Conditions.All(c => Same(payload[c.Key], c.Value));

    // 2 and 2.0 are the same number to a person writing a filter, though not to JsonNode.DeepEquals.
    private static bool Same(JsonNode? actual, JsonNode? expected) =>
        JsonNode.DeepEquals(actual, expected)
        || actual is JsonValue a && expected is JsonValue e
           && a.GetValueKind() == JsonValueKind.Number && e.GetValueKind() == JsonValueKind.Number
           && Number(a) == Number(e);

    // Read through the JSON text: only a node parsed from JSON holds a JsonElement; one built in code holds an int, a double...
    private static double Number(JsonValue value) => double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    // \z, not $: $ also matches before a final newline, which let "team\n" through as a field name.
    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]{0,63}\z")]
    private static partial Regex FieldName();
}
