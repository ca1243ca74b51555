using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using RagMemory.Vectors;

namespace RagMemory.Keywords.Embedded;

/// <summary>
/// A <see cref="ChunkFilter"/> as SQL conditions on the <c>chunks</c> table's <c>metadata</c> (the event's metadata as
/// JSON) and <c>ingested_at</c> (Unix milliseconds) columns, with <see cref="PayloadFilter"/>'s rules: a string matches
/// only a string, a number any number of equal value (2 = 2.0, compared as doubles as PayloadFilter compares them), a
/// boolean only that boolean, null an absent field or a JSON null. A chunk without an acceptance time passes no window.
/// </summary>
internal static class Fts5ChunkFilter
{
    /// <summary>
    /// <c>" AND ..."</c> for the query's WHERE clause (empty without a filter), its values added as parameters; field
    /// names are bound too, though <see cref="PayloadFilter"/> admits only letters, digits and underscores.
    /// </summary>
    public static string Where(ChunkFilter? filter, string table, SqliteParameterCollection parameters)
    {
        if (filter is null)
        {
            return string.Empty;
        }

        var sql = new StringBuilder();
        var metadata = $"{table}metadata";
        var i = 0;
        foreach (var (name, expected) in filter.Metadata?.Conditions ?? new Dictionary<string, JsonNode?>())
        {
            var path = $"$fp{i}";
            var value = $"$fv{i}";
            parameters.AddWithValue(path, "$." + name);
            sql.Append(" AND ").Append(expected switch
            {
                null => $"json_extract({metadata}, {path}) IS NULL",
                JsonValue v => Condition(v, metadata, path, value, parameters),
                _ => throw new ArgumentException($"Filter field '{name}' is not a string, number, boolean or null.", nameof(filter)),
            });
            i++;
        }

        if (filter.IngestedAfterMilliseconds is { } after)
        {
            parameters.AddWithValue("$ingested_after", after);
            sql.Append($" AND {table}ingested_at >= $ingested_after");
        }

        if (filter.IngestedBeforeMilliseconds is { } before)
        {
            parameters.AddWithValue("$ingested_before", before);
            sql.Append($" AND {table}ingested_at <= $ingested_before");
        }

        return sql.ToString();
    }

    private static string Condition(JsonValue expected, string metadata, string path, string value, SqliteParameterCollection parameters)
    {
        switch (expected.GetValueKind())
        {
            case JsonValueKind.String:
                parameters.AddWithValue(value, expected.GetValue<string>());
                return $"json_type({metadata}, {path}) = 'text' AND json_extract({metadata}, {path}) = {value}";
            case JsonValueKind.Number:
                parameters.AddWithValue(value, double.Parse(expected.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture));
                return $"json_type({metadata}, {path}) IN ('integer', 'real') AND CAST(json_extract({metadata}, {path}) AS REAL) = {value}";
            case JsonValueKind.True:
                return $"json_type({metadata}, {path}) = 'true'";
            case JsonValueKind.False:
                return $"json_type({metadata}, {path}) = 'false'";
            default:
                return $"json_extract({metadata}, {path}) IS NULL";
        }
    }
}
