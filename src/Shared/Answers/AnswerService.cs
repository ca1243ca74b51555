using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly.CircuitBreaker;
using Polly.Timeout;
using RagMemory.Errors;
using RagMemory.Observability;
using RagMemory.Search;
using RagMemory.Vectors;

using RagMemory.Namespaces;

namespace RagMemory.Answers;

/// <summary>
/// Answers a question from memory: hybrid search for passages, then the chat port (whole or streamed), then the
/// citations the answer uses. When the model fails and a <paramref name="fallback"/> answerer is configured
/// (<c>Answers:Fallback</c>), the fallback answers instead, marked as such, with the model's failure logged and returned.
/// </summary>
public sealed partial class AnswerService(
    HybridSearchService search,
    IChatClient chat,
    RagMemoryMetrics? metrics = null,
    ILogger<AnswerService>? logger = null,
    IChatClient? fallback = null)
{
    /// <summary>The service key of the fallback answerer's chat client.</summary>
    public const string FallbackKey = "answer-fallback";

    private const int PassageCount = 5;
    private readonly ILogger _logger = logger ?? NullLogger<AnswerService>.Instance;

    /// <summary>Searches (within the filter, when there is one) for the best passages and answers from them.</summary>
    public async Task<Answer> AnswerAsync(MemoryNamespace ns, string? question, ChunkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        var hits = await SearchAsync(ns, question, filter, cancellationToken).ConfigureAwait(false);
        return await AnswerFromAsync(question, hits, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The passages an answer to <paramref name="question"/> is built from: the search <c>/hybrid/search</c> runs, within the filter.</summary>
    public Task<IReadOnlyList<HybridHit>> SearchAsync(MemoryNamespace ns, string? question, ChunkFilter? filter = null, CancellationToken cancellationToken = default) =>
        search.SearchAsync(ns, question, PassageCount, filter, cancellationToken);

    /// <summary>
    /// Answers from hits a search has already found, best first (the first few are used): a page that shows results
    /// answers from those very results, so the answer cites nothing the filters left out and the question is searched once.
    /// </summary>
    public async Task<Answer> AnswerFromAsync(string? question, IReadOnlyList<HybridHit> hits, CancellationToken cancellationToken = default)
    {
        var prompt = Prompt.For(question, hits);
        ChatResponse response;
        try
        {
            response = await chat.GetResponseAsync(prompt.Messages, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (fallback is not null && IsModelFailure(exception))
        {
            return await FallBackAsync(prompt, exception, streamed: false, cancellationToken).ConfigureAwait(false);
        }

        return Complete(prompt, response.Text, response.ModelId, response.Usage, streamed: false);
    }

    /// <summary>
    /// The answer from <paramref name="hits"/> as the model writes it: each piece of text, then the whole answer with
    /// its citations and usage. A model that fails before its first piece is replaced by the fallback, when there is one;
    /// a failure after it ends the stream with that failure.
    /// </summary>
    public async IAsyncEnumerable<AnswerUpdate> StreamFromAsync(string? question, IReadOnlyList<HybridHit> hits, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var prompt = Prompt.For(question, hits);
        var updates = chat.GetStreamingResponseAsync(prompt.Messages, cancellationToken: cancellationToken).GetAsyncEnumerator(cancellationToken);
        bool more;
        Answer? standIn = null;
        try
        {
            more = await updates.MoveNextAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (fallback is not null && IsModelFailure(exception))
        {
            standIn = await FallBackAsync(prompt, exception, streamed: true, cancellationToken).ConfigureAwait(false);
            more = false;
        }

        if (standIn is not null)
        {
            await updates.DisposeAsync().ConfigureAwait(false);
            yield return new AnswerDelta(standIn.Text);
            yield return new AnswerCompleted(standIn);
            yield break;
        }

        var text = new StringBuilder();
        string? model = null;
        UsageDetails? usage = null;
        try
        {
            while (more)
            {
                var update = updates.Current;
                model ??= update.ModelId;
                foreach (var reported in update.Contents.OfType<UsageContent>())
                {
                    usage = reported.Details;
                }

                if (update.Text is { Length: > 0 } delta)
                {
                    text.Append(delta);
                    yield return new AnswerDelta(delta);
                }

                more = await updates.MoveNextAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            await updates.DisposeAsync().ConfigureAwait(false);
        }

        yield return new AnswerCompleted(Complete(prompt, text.ToString(), model, usage, streamed: true));
    }

    /// <summary>Failures of the model's backend (down, timing out, busy, breaker open), as opposed to the caller's or ours.</summary>
    private static bool IsModelFailure(Exception exception) =>
        exception is UpstreamFailureException or TimeoutRejectedException or BrokenCircuitException;

    private async Task<Answer> FallBackAsync(Prompt prompt, Exception exception, bool streamed, CancellationToken cancellationToken)
    {
        var failure = Failure.Of(exception);
        var detail = exception is UpstreamFailureException { InnerException: { } cause } && cause.Message != failure.Message ? $" {cause.Message}" : string.Empty;
        var failedModel = ModelOf(chat);
        LogFellBack(_logger, exception, failedModel, failure.Status, ModelOf(fallback!));
        var response = await fallback!.GetResponseAsync(prompt.Messages, cancellationToken: cancellationToken).ConfigureAwait(false);
        return Complete(prompt, response.Text, response.ModelId ?? ModelOf(fallback), response.Usage, streamed)
            with { Fallback = new AnswerFallback(failedModel, $"{failure.Status} · {failure.Message}{detail}") };
    }

    private Answer Complete(Prompt prompt, string text, string? model, UsageDetails? usage, bool streamed)
    {
        var citations = AnswerPrompt.CitedPassages(text)
            .Where(n => n >= 1 && n <= prompt.Passages.Count)
            .Select(n => new Citation(n, prompt.Passages[n - 1].EventId, prompt.Passages[n - 1].Id, prompt.Passages[n - 1].Text))
            .ToList();
        var answer = new Answer(text, citations, model ?? ModelOf(chat), prompt.Passages.Count == 0, AnswerUsage.From(usage));
        metrics?.AnswerWritten(answer.Model, streamed, answer.Usage?.InputTokens, answer.Usage?.OutputTokens);
        return answer;
    }

    private static string ModelOf(IChatClient client) => client.GetService<ChatClientMetadata>()?.DefaultModelId ?? "unknown";

    [LoggerMessage(EventId = 9001, Level = LogLevel.Warning, Message = "The answer model {Model} failed with {Status}; answered by the fallback {FallbackModel}")]
    private static partial void LogFellBack(ILogger logger, Exception exception, string model, int status, string fallbackModel);

    /// <summary>The question's prompt and the passages it numbers, [1] first.</summary>
    private sealed record Prompt(IReadOnlyList<ChatMessage> Messages, IReadOnlyList<HybridHit> Passages)
    {
        public static Prompt For(string? question, IReadOnlyList<HybridHit> hits)
        {
            Guard.Text(question, 2000, "query");
            ArgumentNullException.ThrowIfNull(hits);
            var passages = hits.Take(PassageCount).ToList();
            return new Prompt(AnswerPrompt.Build(question!, passages.Select(h => h.Text).ToList()), passages);
        }
    }
}
