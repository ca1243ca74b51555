using Microsoft.Extensions.AI;
using RagMemory.Search;

namespace RagMemory.Answers;

/// <summary>Answers a question from memory: hybrid search for passages, then the chat port, then the citations it used.</summary>
public sealed class AnswerService(HybridSearchService search, IChatClient chat)
{
    private const int Passages = 5;

    public async Task<Answer> AnswerAsync(string? question, CancellationToken cancellationToken = default)
    {
        var hits = await search.SearchAsync(question, Passages, cancellationToken).ConfigureAwait(false);
        var response = await chat.GetResponseAsync(AnswerPrompt.Build(question!, hits.Select(h => h.Text).ToList()), cancellationToken: cancellationToken).ConfigureAwait(false);
        var citations = AnswerPrompt.CitedPassages(response.Text)
            .Where(n => n >= 1 && n <= hits.Count)
            .Select(n => new Citation(n, hits[n - 1].EventId, hits[n - 1].Id, hits[n - 1].Text))
            .ToList();
        var model = response.ModelId ?? chat.GetService<ChatClientMetadata>()?.DefaultModelId ?? "unknown";
        return new Answer(response.Text, citations, model);
    }
}
