using System.Text.Json.Nodes;

namespace RagMemory.Graph.Neo4j;

/// <summary>One row of a <see cref="QueryResult"/>.</summary>
public sealed class QueryRow(QueryResult result, JsonNode?[] values)
{
    public JsonNode? this[string field] => values[result.IndexOf(field)];

    public string String(string field) => this[field]?.GetValue<string>() ?? throw new FormatException($"Neo4j returned null for '{field}'.");

    public long Integer(string field) => this[field]?.GetValue<long>() ?? throw new FormatException($"Neo4j returned null for '{field}'.");

    /// <summary>A number, whether Neo4j computed it as an Integer or a Float.</summary>
    public double Number(string field) => this[field] switch
    {
        JsonValue value when value.TryGetValue<double>(out var number) => number,
        JsonValue value when value.TryGetValue<long>(out var integer) => integer,
        var other => throw new FormatException($"Neo4j returned {other?.ToJsonString() ?? "null"} for '{field}', not a number."),
    };
}
