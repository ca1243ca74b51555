using RagMemory.Graph;

namespace RagMemory.Portal.Components.Graph;

/// <summary>
/// A node's colour by its label: fixed colours for the labels ingestion writes, and for any other label one of a small
/// palette picked by a hash of the label that is the same in every process, so a label keeps its colour across visits.
/// </summary>
public static class GraphPalette
{
    public const string Entity = "#1976d2";
    public const string Event = "#ef6c00";

    private static readonly string[] Others = ["#7b1fa2", "#388e3c", "#c2185b", "#0097a7", "#5d4037", "#afb42b"];

    public static IReadOnlyList<string> OtherColours => Others;

    public static string Colour(string label) => label switch
    {
        GraphNames.EntityLabel => Entity,
        GraphNames.EventLabel => Event,
        _ => Others[(int)((uint)StableHash(label) % Others.Length)],
    };

    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }
}
