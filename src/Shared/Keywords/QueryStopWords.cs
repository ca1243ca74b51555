namespace RagMemory.Keywords;

/// <summary>
/// Words that say how a question is asked rather than what it is about: Lucene's English stop words plus the
/// question and auxiliary words of natural-language queries ("what", "how", "can", "must"). In a corpus of abstracts
/// these are rare enough to earn a high IDF, so left in a query they rank documents by wording, not by topic.
/// </summary>
public static class QueryStopWords
{
    private static readonly HashSet<string> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        // Lucene's EnglishAnalyzer stop set.
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not", "of",
        "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was", "will", "with",
        // Question and auxiliary words.
        "what", "which", "who", "whom", "whose", "how", "why", "when", "where", "whether", "can", "could", "do", "does",
        "did", "has", "have", "had", "must", "should", "would", "may", "might", "shall", "been", "being", "were", "any",
        "some", "so", "than", "its", "from", "about", "also", "i", "we", "you", "me", "my", "our", "here", "am",
    };

    public static bool Contains(string word) => Words.Contains(word);
}
