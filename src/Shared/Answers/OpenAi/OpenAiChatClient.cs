using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using RagMemory.Engines;
using RagMemory.OpenAi;

namespace RagMemory.Answers.OpenAi;

/// <summary>
/// Answers through any OpenAI-compatible chat endpoint (<c>/chat/completions</c>, plain or streamed), by
/// Microsoft.Extensions.AI's OpenAI chat client. Requests pass our rate limit and 429 policy; failures leave this class
/// classified (<see cref="OpenAiFailures"/>) for the backend's pipeline and the error mapper.
/// </summary>
public sealed class OpenAiChatClient : DelegatingChatClient, IDescribesEngine
{
    private readonly OpenAiChatOptions _options;
    private readonly TimeProvider _time;
    private readonly OpenAiRequestPolicy _policy;
    private readonly global::OpenAI.OpenAIClient _client;

    public OpenAiChatClient(IOptions<OpenAiChatOptions> options, TimeProvider time)
        : this(options.Value, time, new OpenAiRequestPolicy(options.Value, time))
    {
    }

    private OpenAiChatClient(OpenAiChatOptions options, TimeProvider time, OpenAiRequestPolicy policy)
        : this(options, time, policy, OpenAiClients.Create(options, policy))
    {
    }

    private OpenAiChatClient(OpenAiChatOptions options, TimeProvider time, OpenAiRequestPolicy policy, global::OpenAI.OpenAIClient client)
        : base(client.GetChatClient(options.Model).AsIChatClient())
    {
        _options = options;
        _time = time;
        _policy = policy;
        _client = client;
    }

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.GetResponseAsync(messages, WithSettings(options), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            throw Classify(exception, cancellationToken);
        }
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages,
        ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var updates = base.GetStreamingResponseAsync(messages, WithSettings(options), cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                ChatResponseUpdate update;
                try
                {
                    if (!await updates.MoveNextAsync().ConfigureAwait(false))
                    {
                        yield break;
                    }

                    update = updates.Current;
                }
                catch (Exception exception)
                {
                    throw Classify(exception, cancellationToken);
                }

                yield return update;
            }
        }
        finally
        {
            await updates.DisposeAsync().ConfigureAwait(false);
        }
    }

    public async Task<EngineDescription> DescribeAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var models = await _client.GetOpenAIModelClient().GetModelsAsync(cancellationToken).ConfigureAwait(false);
            return new EngineDescription("OpenAI-compatible chat", null, _options.Location(), [new EngineSize("models served", models.Value.Count, EngineSize.Records)]);
        }
        catch (Exception exception)
        {
            throw Classify(exception, cancellationToken);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _policy.Dispose();
        }

        base.Dispose(disposing);
    }

    private Exception Classify(Exception exception, CancellationToken cancellationToken) =>
        OpenAiFailures.Classify(exception, _options, OpenAiChatOptions.SectionName, _time, cancellationToken);

    private ChatOptions? WithSettings(ChatOptions? options)
    {
        if (_options.Temperature is null && _options.MaxOutputTokens is null)
        {
            return options;
        }

        var settings = options?.Clone() ?? new ChatOptions();
        settings.Temperature ??= _options.Temperature;
        settings.MaxOutputTokens ??= _options.MaxOutputTokens;
        return settings;
    }
}
