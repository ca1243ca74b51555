using Microsoft.Extensions.AI;

namespace RagMemory.Resilience;

/// <summary>The answer generator behind its backend pipeline; a question can be asked again, so it may retry.</summary>
public sealed class ResilientChatClient(IChatClient inner, BackendPipelines pipelines) : DelegatingChatClient(inner)
{
    private readonly BackendPipeline _pipeline = pipelines[Backends.AnswerGenerator];

    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        return _pipeline.ExecuteAsync(true, ct => base.GetResponseAsync(list, options, ct), cancellationToken);
    }
}
