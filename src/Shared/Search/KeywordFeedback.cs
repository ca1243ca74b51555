using System.Text.RegularExpressions;
using RagMemory.Graph;
using RagMemory.Keywords;

namespace RagMemory.Search;

/// <summary>
/// Pseudo-relevance feedback for the keyword signal: the terms that the best keyword hits share and the rest of the
/// candidates rarely hold, added to the query. The candidates stand in for the collection (no engine is asked for
/// document frequencies), which is enough to tell a term of the query's topic from a word every text uses.
/// </summary>
public static partial class KeywordFeedback
{
    /// <summary>The top hits taken as relevant.</summary>
    public const int FeedbackDocuments = 5;

    /// <summary>
    /// The query followed by up to <paramref name="terms"/> feedback terms, each in at least two of the top hits and not
    /// already in the query; the query alone when the hits are too few to tell anything.
    /// </summary>
    public static string Expand(string query, IReadOnlyList<KeywordHit> hits, int terms)
    {
        ArgumentNullException.ThrowIfNull(hits);
        return Expand(query, [.. hits.Select(h => h.Document.Text)], terms);
    }

    /// <summary>
    /// The same over any ranked texts, best first: the fused ranking's, when feedback is taken from every signal's
    /// agreement rather than the keyword signal's own hits.
    /// </summary>
    public static string Expand(string query, IReadOnlyList<string> rankedTexts, int terms)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(rankedTexts);
        var documents = rankedTexts.Select(Terms).ToList();
        if (terms <= 0 || documents.Count <= FeedbackDocuments)
        {
            return query;
        }

        var inQuery = Terms(query).Keys.ToHashSet(StringComparer.Ordinal);
        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var term in documents.SelectMany(d => d.Keys))
        {
            documentFrequency[term] = documentFrequency.GetValueOrDefault(term) + 1;
        }

        var weights = new Dictionary<string, (double Weight, int Documents)>(StringComparer.Ordinal);
        foreach (var document in documents.Take(FeedbackDocuments))
        {
            var length = Math.Max(1, document.Values.Sum());
            foreach (var (term, count) in document)
            {
                var (weight, seen) = weights.GetValueOrDefault(term);
                weights[term] = (weight + ((double)count / length), seen + 1);
            }
        }

        var expansion = weights
            .Where(w => w.Value.Documents >= 2 && !inQuery.Contains(w.Key))
            .Select(w => (Term: w.Key, Score: w.Value.Weight * Math.Log((documents.Count + 1.0) / (documentFrequency[w.Key] + 0.5))))
            .Where(t => t.Score > 0)
            .OrderByDescending(t => t.Score)
            .ThenBy(t => t.Term, StringComparer.Ordinal)
            .Take(terms)
            .Select(t => t.Term);
        return string.Join(' ', [query, .. expansion]);
    }

    /// <summary>Content words of at least three letters, plural endings dropped, with their counts.</summary>
    private static Dictionary<string, int> Terms(string text)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (Match match in Word().Matches(text))
        {
            var word = match.Value.ToLowerInvariant();
            if (!KeyphraseExtractor.IsStopWord(word))
            {
                var term = KeyphraseExtractor.Singular(word);
                counts[term] = counts.GetValueOrDefault(term) + 1;
            }
        }

        return counts;
    }

    [GeneratedRegex(@"\p{L}{3,}")]
    private static partial Regex Word();
}
