using System.Text.RegularExpressions;
using RagMemory.Keywords;

namespace RagMemory.Portal.Components.Search;

/// <summary>A piece of a result's text, marked when it matches a word of the query.</summary>
public sealed record TextSegment(string Text, bool IsMatch);

/// <summary>
/// Splits a text into segments so that the words of a query stand out. A word matches a query term when it equals it
/// or, for terms of four letters or more, begins with it ("paint" marks "painted"), ignoring case; words that only
/// say how a question is asked ("what", "the") are not marked.
/// </summary>
public static partial class Highlighter
{
    public static IReadOnlyList<TextSegment> Segments(string text, string? query)
    {
        var terms = Terms(query);
        if (terms.Count == 0)
        {
            return [new TextSegment(text, false)];
        }

        var segments = new List<TextSegment>();
        var position = 0;
        foreach (Match word in Word().Matches(text))
        {
            if (!terms.Any(term => Marks(term, word.Value)))
            {
                continue;
            }

            if (word.Index > position)
            {
                segments.Add(new TextSegment(text[position..word.Index], false));
            }

            segments.Add(new TextSegment(word.Value, true));
            position = word.Index + word.Length;
        }

        if (position < text.Length)
        {
            segments.Add(new TextSegment(text[position..], false));
        }

        return segments;
    }

    private static List<string> Terms(string? query) =>
        query is null ? [] : [.. Word().Matches(query).Select(m => m.Value).Where(w => !QueryStopWords.Contains(w)).Distinct(StringComparer.OrdinalIgnoreCase)];

    private static bool Marks(string term, string word) =>
        word.Equals(term, StringComparison.OrdinalIgnoreCase)
        || (term.Length >= 4 && word.StartsWith(term, StringComparison.OrdinalIgnoreCase));

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Word();
}
