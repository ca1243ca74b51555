using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Lucene.Net.Tartarus.Snowball.Ext;
using RagMemory.Keywords;

namespace RagMemory.Qdrant;

/// <summary>
/// BM25 as sparse vectors, split as Qdrant documents it: a chunk's vector holds each term's saturated, length-normalised
/// frequency, <c>tf·(k1+1) / (tf + k1·(1 − b + b·len/avgLen))</c>; the query's holds 1 per term; Qdrant's IDF modifier
/// multiplies in each term's inverse document frequency over the collection, so the dot product is the BM25 score.
/// Terms are made as the embedded FTS5 index makes them (<c>porter unicode61</c>): runs of letters and digits, lower
/// case, diacritics removed, Porter-stemmed (words of 3 to 64 characters, as FTS5 stems them); a term's index in the vector is its 32-bit FNV-1a hash.
/// </summary>
public sealed partial class QdrantBm25(QdrantOptions options)
{
    public (float[] Values, uint[] Indices) Document(string text)
    {
        var terms = Terms(text).ToList();
        var lengthNorm = 1 - options.Bm25B + (options.Bm25B * terms.Count / options.Bm25AverageChunkTerms);
        var weights = terms.GroupBy(IndexOf).Select(g =>
        {
            double tf = g.Count();
            return (Index: g.Key, Weight: (float)(tf * (options.Bm25K1 + 1) / (tf + (options.Bm25K1 * lengthNorm))));
        }).OrderBy(w => w.Index).ToList();
        return ([.. weights.Select(w => w.Weight)], [.. weights.Select(w => w.Index)]);
    }

    /// <summary>The query's terms, each once, or null when the query has no word; stop words are left out as FTS5's query leaves them out.</summary>
    public (float[] Values, uint[] Indices)? Query(string query, bool dropStopWords)
    {
        var words = Words(query).Distinct().ToList();
        if (dropStopWords && words.Any(w => !QueryStopWords.Contains(w)))
        {
            words.RemoveAll(QueryStopWords.Contains);
        }

        var indices = words.Select(w => IndexOf(Stem(w))).Distinct().Order().ToArray();
        return indices.Length == 0 ? null : ([.. indices.Select(_ => 1f)], indices);
    }

    public static IEnumerable<string> Terms(string text) => Words(text).Select(Stem);

    /// <summary>FNV-1a over the term's UTF-8 bytes: stable across processes and versions, unlike string.GetHashCode.</summary>
    public static uint IndexOf(string term)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(term))
        {
            hash = unchecked((hash ^ b) * 16777619u);
        }

        return hash;
    }

    private static IEnumerable<string> Words(string text) =>
        WordRuns().Matches(text).Select(m => WithoutDiacritics(m.Value.ToLowerInvariant()));

    private static string WithoutDiacritics(string word)
    {
        var decomposed = word.Normalize(NormalizationForm.FormD);
        var kept = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark)
            {
                kept.Append(c);
            }
        }

        return kept.ToString().Normalize(NormalizationForm.FormC);
    }

    // FTS5's porter tokenizer leaves words shorter than 3 or longer than 64 characters as they are. A stemmer holds the
    // word it works on: one per call keeps it safe from many threads.
    private static string Stem(string word)
    {
        if (word.Length is < 3 or > 64)
        {
            return word;
        }

        var stemmer = new PorterStemmer();
        stemmer.SetCurrent(word);
        stemmer.Stem();
        return stemmer.Current;
    }

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex WordRuns();
}
