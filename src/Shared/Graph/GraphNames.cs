using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using RagMemory.Errors;

namespace RagMemory.Graph;

/// <summary>
/// The rules every graph adapter applies to its input (names, depth), and the labels ingestion writes. Names are checked
/// in the adapter because engines put them into queries (Cypher cannot bind a label); the field each error names is the
/// port's parameter, so no adapter needs to know the API's request fields.
/// </summary>
public static partial class GraphNames
{
    public const string EventLabel = "Event";
    public const string EntityLabel = "Entity";
    public const string Mentions = "MENTIONS";
    public const string CoOccursWith = "CO_OCCURS_WITH";

    public const int MaxDepth = 3;

    public static void Validate(string? name, string field)
    {
        if (name is null || !NameRule().IsMatch(name))
        {
            throw new InvalidInputException(field, $"'{field}' must match ^[A-Za-z_][A-Za-z0-9_]{{0,63}}$ (got '{name}').");
        }
    }

    /// <summary>Every property name of <paramref name="properties"/> follows the name rule.</summary>
    public static void ValidatePropertyNames(JsonObject? properties, string field = "properties")
    {
        foreach (var (name, _) in properties ?? [])
        {
            Validate(name, field);
        }
    }

    public static void ValidateDepth(int depth, string field = "depth")
    {
        if (depth is < 1 or > MaxDepth)
        {
            throw new InvalidInputException(field, $"'{field}' must be between 1 and {MaxDepth} (got {depth}).");
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,63}$")]
    private static partial Regex NameRule();
}
