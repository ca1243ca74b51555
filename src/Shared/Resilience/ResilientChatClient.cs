using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace RagMemory.Resilience;

/// <summary>
/// The answer generator behind its backend pipeline; a question can be asked again, so it may retry. A streamed answer
/// runs through the pipeline up to its first update (connecting, and the wait for the model's first words, are retried,
/// timed and counted by the breaker); what follows is read as it comes, each piece within the adapter's own timeout.
/// </summary>
public sealed class ResilientChatClient(IChatClient inner, BackendPipelines pipelines) : DelegatingChatClient(inner)
{
    private readonly BackendPipeline _pipeline = pipelines[Backends.AnswerGenerator];

    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        return _pipeline.ExecuteAsync(true, ct => base.GetResponseAsync(list, options, ct), cancellationToken);
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var list = messages.ToList();
        var (updates, lifetime, more) = await _pipeline.ExecuteAsync(true, ct => StartAsync(list, options, ct, cancellationToken), cancellationToken).ConfigureAwait(false);
        try
        {
            while (more)
            {
                yield return updates.Current;
                more = await NextAsync(updates).ConfigureAwait(false);
            }
        }
        finally
        {
            await updates.DisposeAsync().ConfigureAwait(false);
            lifetime.Dispose();
        }
    }

    /// <summary>A failure after the first update is past the pipeline, but still the backend's: it is classified as one.</summary>
    private async Task<bool> NextAsync(IAsyncEnumerator<ChatResponseUpdate> updates)
    {
        try
        {
            return await updates.MoveNextAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (BackendPipeline.CountsAsFailure(exception) && exception is not Errors.UpstreamFailureException)
        {
            throw new Errors.UpstreamFailureException(_pipeline.Name, exception);
        }
    }

    /// <summary>
    /// Opens the stream and waits for its first update. The stream outlives this attempt, whose token the pipeline
    /// recycles afterwards, so it reads under a token of its own: the caller's, also cancelled while the attempt runs
    /// if the pipeline's timeout fires.
    /// </summary>
    private async Task<(IAsyncEnumerator<ChatResponseUpdate> Updates, CancellationTokenSource Lifetime, bool More)> StartAsync(
        List<ChatMessage> messages, ChatOptions? options, CancellationToken attempt, CancellationToken caller)
    {
        var lifetime = CancellationTokenSource.CreateLinkedTokenSource(caller);
        var updates = base.GetStreamingResponseAsync(messages, options, lifetime.Token).GetAsyncEnumerator(lifetime.Token);
        try
        {
            bool more;
            using (attempt.Register(static state => ((CancellationTokenSource)state!).Cancel(), lifetime))
            {
                more = await updates.MoveNextAsync().ConfigureAwait(false);
            }

            attempt.ThrowIfCancellationRequested();
            return (updates, lifetime, more);
        }
        catch
        {
            await updates.DisposeAsync().ConfigureAwait(false);
            lifetime.Dispose();
            throw;
        }
    }
}
