using System.Text.RegularExpressions;

namespace RagMemory.Graph;

/// <summary>
/// Finds entities without a language model: runs of capitalised words ("Ada Lovelace", "Analytical Engine") and
/// acronyms ("NASA"), minus the function words that are capitalised only because they start a sentence.
/// Entities named in one sentence are linked as co-occurring. Keyphrases (<see cref="KeyphraseExtractor"/>) are not
/// extracted at ingestion: measured on Cranfield and MEDLINE they made hybrid search worse on MEDLINE
/// (docs/decisions/0017-keyphrases-measured-not-kept.md); queries still carry them, which costs nothing on a graph without them.
/// </summary>
public static partial class EntityExtractor
{
    private const int MaxEntitiesPerText = 64;

    private static readonly HashSet<string> FunctionWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "the", "this", "that", "these", "those", "it", "its", "he", "she", "they", "we", "i", "you", "his", "her",
        "their", "our", "my", "your", "in", "on", "at", "of", "for", "to", "from", "by", "with", "and", "or", "but", "if",
        "when", "while", "after", "before", "since", "because", "as", "there", "here", "what", "which", "who", "whom",
        "whose", "where", "why", "how", "is", "are", "was", "were", "be", "been", "do", "does", "did", "not", "no", "yes",
        "all", "some", "any", "each", "every", "many", "most", "more", "also", "however", "then", "thus", "so", "both",
    };

    public static ExtractedGraph Extract(string text)
    {
        var entities = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var pairs = new HashSet<(string, string)>();
        foreach (var sentence in Sentences().Split(text))
        {
            var inSentence = Candidates(sentence)
                .Select(name => entities.TryGetValue(name, out var known) ? known : entities.Count < MaxEntitiesPerText ? entities[name] = name : null)
                .OfType<string>()
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToList();
            for (var i = 0; i < inSentence.Count; i++)
            {
                for (var j = i + 1; j < inSentence.Count; j++)
                {
                    var (a, b) = string.CompareOrdinal(inSentence[i], inSentence[j]) < 0 ? (inSentence[i], inSentence[j]) : (inSentence[j], inSentence[i]);
                    pairs.Add((a, b));
                }
            }
        }

        return new ExtractedGraph([.. entities.Values], [.. pairs]);
    }

    /// <summary>
    /// Every run of one to three words of a query, for matching entities whatever the query's case, and its
    /// keyphrases as <see cref="KeyphraseExtractor"/> normalises them.
    /// </summary>
    public static IReadOnlyList<string> QueryPhrases(string query)
    {
        var words = Words().Matches(query).Select(m => m.Value).ToArray();
        var phrases = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var length = 1; length <= 3; length++)
        {
            for (var start = 0; start + length <= words.Length; start++)
            {
                var phrase = words.AsSpan(start, length);
                if (!FunctionWords.Contains(phrase[0]) && !FunctionWords.Contains(phrase[^1]))
                {
                    phrases.Add(string.Join(' ', phrase.ToArray()));
                }
            }
        }

        phrases.UnionWith(KeyphraseExtractor.QueryPhrases(query));
        return [.. phrases];
    }

    private static IEnumerable<string> Candidates(string sentence)
    {
        foreach (Match match in CapitalisedRun().Matches(sentence))
        {
            var words = match.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).SkipWhile(FunctionWords.Contains).ToArray();
            if (words.Length > 0 && (words.Length > 1 || words[0].Length > 1))
            {
                yield return string.Join(' ', words);
            }
        }
    }

    [GeneratedRegex(@"(?<=[.!?;:])\s+|\n+")]
    private static partial Regex Sentences();

    [GeneratedRegex(@"\b\p{Lu}[\p{L}\p{N}'-]*(?: \p{Lu}[\p{L}\p{N}'-]*){0,3}\b")]
    private static partial Regex CapitalisedRun();

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}'-]*")]
    private static partial Regex Words();
}
