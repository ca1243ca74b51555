using System.Text.RegularExpressions;

namespace RagMemory.Graph;

/// <summary>
/// Finds the noun-phrase-like keyphrases of technical text whatever its case, without a language model, as RAKE does:
/// stop words and punctuation split the text into runs of content words, and every two- or three-word stretch of a run
/// is a candidate ("boundary layer", "heat transfer coefficient"). Single words are left to the keyword signal. Words
/// lose a plural ending so that "boundary layers" and "boundary layer" are one phrase. Which phrases are specific is
/// not decided here, where one text is all there is: the graph store weights a phrase by how few events mention it.
/// </summary>
public static partial class KeyphraseExtractor
{
    /// <summary>Phrases kept per text, the most repeated first: enough for an abstract, bounded for a long text.</summary>
    public const int MaxPhrasesPerText = 64;

    private const int MinWords = 2;
    private const int MaxWords = 3;

    /// <summary>
    /// Function words and the generic verbs, adverbs and nouns of reports and questions ("obtained", "results",
    /// "papers on"): they delimit phrases and are never part of one.
    /// </summary>
    private static readonly HashSet<string> StopWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "about", "above", "across", "after", "again", "against", "all", "almost", "along", "already", "also", "although",
        "always", "am", "among", "an", "and", "another", "any", "anything", "are", "around", "as", "at", "available", "based",
        "be", "became", "because", "become", "been", "before", "being", "below", "between", "both", "but", "by", "can", "cannot",
        "case", "cases", "certain", "could", "considered", "described", "determine", "determined", "did", "discussed", "do", "does",
        "done", "due", "during", "each", "either", "else", "et", "etc", "even", "ever", "every", "fact", "few", "find", "for",
        "found", "from", "further", "gave", "general", "generally", "get", "give", "given", "gives", "giving", "had", "has",
        "have", "having", "he", "her", "here", "him", "his", "how", "however", "i", "if", "in", "include", "included",
        "including", "information", "into", "investigated", "is", "it", "its", "itself", "just", "known", "least", "less",
        "like", "made", "make", "makes", "making", "many", "may", "me", "method", "methods", "might", "more", "most", "much",
        "must", "my", "near", "nearly", "need", "new", "no", "nor", "not", "now", "obtain", "obtained", "of", "off", "often",
        "on", "once", "one", "only", "or", "other", "others", "otherwise", "our", "out", "over", "own", "paper", "papers",
        "particular", "particularly", "per", "perhaps", "present", "presented", "problem", "problems", "quite", "rather",
        "really", "regarding", "result", "results", "said", "same", "see", "seem", "seems", "seen", "several", "shall", "she",
        "should", "show", "showed", "shown", "shows", "since", "so", "some", "something", "such", "than", "that", "the",
        "their", "them", "themselves", "then", "there", "therefore", "these", "they", "this", "those", "though", "through",
        "thus", "to", "too", "toward", "towards", "under", "until", "up", "upon", "us", "use", "used", "uses", "using", "usually",
        "various", "very", "was", "way", "we", "well", "were", "what", "when", "where", "whether", "which", "while", "who",
        "whom", "whose", "why", "will", "with", "within", "without", "work", "would", "yet", "you", "your", "study", "studied",
        "studies", "data", "effect", "effects", "approach", "value", "values", "number", "type", "types", "order", "form",
        "part", "possible", "respectively", "relation", "relationship", "consider", "obtaining", "two", "three",
    };

    /// <summary>The keyphrases of a text, normalised, at most <see cref="MaxPhrasesPerText"/>: the most repeated first, then in order of appearance.</summary>
    public static IReadOnlyList<string> Extract(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var counts = new Dictionary<string, (int Count, int First)>(StringComparer.Ordinal);
        foreach (var phrase in Candidates(text))
        {
            counts[phrase] = counts.TryGetValue(phrase, out var seen) ? (seen.Count + 1, seen.First) : (1, counts.Count);
        }

        return [.. counts.OrderByDescending(c => c.Value.Count).ThenBy(c => c.Value.First).Take(MaxPhrasesPerText).Select(c => c.Key)];
    }

    /// <summary>Every candidate keyphrase of a query, normalised as <see cref="Extract"/> writes them, for matching them.</summary>
    public static IReadOnlyList<string> QueryPhrases(string query) => [.. Candidates(query).Distinct(StringComparer.Ordinal)];

    private static IEnumerable<string> Candidates(string text)
    {
        foreach (var segment in Delimiters().Split(text))
        {
            var run = new List<string>();
            foreach (Match word in Words().Matches(segment))
            {
                if (IsContentWord(word.Value))
                {
                    run.Add(Singular(word.Value.ToLowerInvariant()));
                    continue;
                }

                foreach (var phrase in Stretches(run))
                {
                    yield return phrase;
                }

                run.Clear();
            }

            foreach (var phrase in Stretches(run))
            {
                yield return phrase;
            }
        }
    }

    private static IEnumerable<string> Stretches(List<string> run)
    {
        for (var length = MinWords; length <= MaxWords; length++)
        {
            for (var start = 0; start + length <= run.Count; start++)
            {
                yield return string.Join(' ', run.GetRange(start, length));
            }
        }
    }

    /// <summary>Whether a word is one of the function or generic words that never make a phrase (or a feedback term).</summary>
    public static bool IsStopWord(string word) => StopWords.Contains(word);

    /// <summary>A word of at least two letters that is not a stop word; numbers and symbols split phrases.</summary>
    private static bool IsContentWord(string word) => word.Length >= 2 && char.IsLetter(word[0]) && !StopWords.Contains(word);

    /// <summary>A light plural stemmer (s, es, ies): enough to merge "layers" with "layer", without an English lexicon.</summary>
    public static string Singular(string word) => word switch
    {
        { Length: > 4 } when word.EndsWith("ies", StringComparison.Ordinal) => word[..^3] + "y",
        { Length: > 4 } when word.EndsWith("sses", StringComparison.Ordinal) || word.EndsWith("ches", StringComparison.Ordinal) || word.EndsWith("shes", StringComparison.Ordinal) || word.EndsWith("xes", StringComparison.Ordinal) => word[..^2],
        { Length: > 3 } when word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && !word.EndsWith("us", StringComparison.Ordinal) && !word.EndsWith("is", StringComparison.Ordinal) => word[..^1],
        _ => word,
    };

    /// <summary>Punctuation ends a phrase; hyphens and apostrophes inside words do not, and line breaks are only wrapping.</summary>
    [GeneratedRegex(@"[.,;:!?()\[\]{}""/=<>+*|]+")]
    private static partial Regex Delimiters();

    [GeneratedRegex(@"[\p{L}\p{N}][\p{L}\p{N}'-]*")]
    private static partial Regex Words();
}
