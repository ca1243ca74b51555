using System.Text.Json.Nodes;

namespace RagMemory.Graph.Neo4j;

/// <summary>The rows a statement returned, each value decoded to plain JSON, read by field name.</summary>
public sealed class QueryResult(IReadOnlyList<string> fields, IReadOnlyList<JsonNode?[]> rows)
{
    public IReadOnlyList<string> Fields { get; } = fields;

    public int Count => rows.Count;

    public IEnumerable<QueryRow> Rows => rows.Select(values => new QueryRow(this, values));

    internal int IndexOf(string field)
    {
        for (var i = 0; i < Fields.Count; i++)
        {
            if (Fields[i] == field)
            {
                return i;
            }
        }

        throw new FormatException($"Neo4j returned no field '{field}' (fields: {string.Join(", ", Fields)}).");
    }
}
