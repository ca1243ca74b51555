using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.Extensions.AI;

namespace RagMemory.Answers.Extractive;

/// <summary>
/// A chat client that writes no new words: it answers with the passages' sentences closest in meaning to the
/// question, each followed by its citation. It stands where an OpenAI-compatible chat endpoint can go later.
/// </summary>
public sealed partial class ExtractiveChatClient(IEmbeddingGenerator<string, Embedding<float>> embedder) : IChatClient
{
    public const string ModelId = "extractive-minilm";
    public const string NoAnswer = "The stored memory holds nothing that answers this question.";
    private const int MaxSentences = 3;

    /// <summary>Sentences less similar than this to the question are not offered as an answer.</summary>
    private const float MinimumSimilarity = 0.2f;

    private static readonly ChatClientMetadata Metadata = new("extractive", null, ModelId);

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var answer = NoAnswer;
        if (AnswerPrompt.TryParse(messages, out var question, out var passages) && passages.Count > 0)
        {
            var sentences = passages
                .SelectMany((passage, index) => SentenceSplit().Split(passage).Where(s => s.Length > 2).Select((s, position) => (Passage: index + 1, Position: position, Text: s.Trim())))
                .ToList();
            var embeddings = await embedder.GenerateAsync([question, .. sentences.Select(s => s.Text)], cancellationToken: cancellationToken).ConfigureAwait(false);
            var questionVector = embeddings[0].Vector;
            var chosen = sentences
                .Select((sentence, i) => (sentence, Similarity: TensorPrimitives.CosineSimilarity(questionVector.Span, embeddings[i + 1].Vector.Span)))
                .Where(s => s.Similarity >= MinimumSimilarity)
                .OrderByDescending(s => s.Similarity)
                .Take(MaxSentences)
                .Select(s => s.sentence)
                .OrderBy(s => s.Passage).ThenBy(s => s.Position)
                .ToList();
            if (chosen.Count > 0)
            {
                answer = string.Join(' ', chosen.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Text} [{s.Passage}]")));
            }
        }

        return new ChatResponse(new ChatMessage(ChatRole.Assistant, answer)) { ModelId = ModelId };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var response = await GetResponseAsync(messages, options, cancellationToken).ConfigureAwait(false);
        foreach (var update in response.ToChatResponseUpdates())
        {
            yield return update;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(Metadata) ? Metadata
        : serviceKey is null && serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
    }

    [GeneratedRegex(@"(?<=[.!?])\s+")]
    private static partial Regex SentenceSplit();
}
