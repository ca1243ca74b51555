using System.Text.RegularExpressions;
using RagMemory.Errors;

namespace RagMemory.Graph;

/// <summary>The rules for labels, relationship types and property names, and the labels ingestion writes.</summary>
public static partial class GraphNames
{
    public const string EventLabel = "Event";
    public const string EntityLabel = "Entity";
    public const string Mentions = "MENTIONS";
    public const string CoOccursWith = "CO_OCCURS_WITH";

    public static void Validate(string? name, string field)
    {
        if (name is null || !NameRule().IsMatch(name))
        {
            throw new InvalidInputException(field, $"'{field}' must match ^[A-Za-z_][A-Za-z0-9_]{{0,63}}$ (got '{name}').");
        }
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,63}$")]
    private static partial Regex NameRule();
}
