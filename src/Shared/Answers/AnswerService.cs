using Microsoft.Extensions.AI;
using RagMemory.Errors;
using RagMemory.Search;
using RagMemory.Vectors;

namespace RagMemory.Answers;

/// <summary>Answers a question from memory: hybrid search for passages, then the chat port, then the citations it used.</summary>
public sealed class AnswerService(HybridSearchService search, IChatClient chat)
{
    private const int Passages = 5;

    /// <summary>Searches (within the filter, when there is one) for the best passages and answers from them.</summary>
    public async Task<Answer> AnswerAsync(string? question, ChunkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        var hits = await search.SearchAsync(question, Passages, filter, cancellationToken).ConfigureAwait(false);
        return await AnswerFromAsync(question, hits, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Answers from hits a search has already found, best first (the first few are used): a page that shows results
    /// answers from those very results, so the answer cites nothing the filters left out and the question is searched once.
    /// </summary>
    public async Task<Answer> AnswerFromAsync(string? question, IReadOnlyList<HybridHit> hits, CancellationToken cancellationToken = default)
    {
        Guard.Text(question, 2000, "query");
        ArgumentNullException.ThrowIfNull(hits);
        var passages = hits.Take(Passages).ToList();
        var response = await chat.GetResponseAsync(AnswerPrompt.Build(question!, passages.Select(h => h.Text).ToList()), cancellationToken: cancellationToken).ConfigureAwait(false);
        var citations = AnswerPrompt.CitedPassages(response.Text)
            .Where(n => n >= 1 && n <= passages.Count)
            .Select(n => new Citation(n, passages[n - 1].EventId, passages[n - 1].Id, passages[n - 1].Text))
            .ToList();
        var model = response.ModelId ?? chat.GetService<ChatClientMetadata>()?.DefaultModelId ?? "unknown";
        return new Answer(response.Text, citations, model);
    }
}
