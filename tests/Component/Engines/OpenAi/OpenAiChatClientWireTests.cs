using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;
using Polly.Timeout;
using RagMemory.Answers;
using RagMemory.Answers.OpenAi;
using RagMemory.Errors;
using RagMemory.OpenAi;

namespace RagMemory.Tests.Engines.OpenAi;

/// <summary>The OpenAI chat adapter on the wire, against <see cref="OpenAiCompatibleTestDouble"/>: what it sends, what it reads, how it fails.</summary>
public sealed class OpenAiChatClientWireTests : IAsyncLifetime
{
    private static readonly string[] Passages = ["Ada Lovelace wrote the first program.", "Bananas grow in the tropics."];
    private OpenAiCompatibleTestDouble _server = default!;

    public async Task InitializeAsync() => _server = await OpenAiCompatibleTestDouble.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task A_prompt_is_sent_as_the_system_instructions_then_the_question_with_numbered_passages_in_order()
    {
        using var client = Client();

        var response = await client.GetResponseAsync(AnswerPrompt.Build("Who wrote the first program?", Passages));

        var request = Assert.Single(_server.ChatRequests);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal($"Bearer {OpenAiCompatibleTestDouble.ApiKey}", request.Authorization);
        Assert.Equal(OpenAiCompatibleTestDouble.ChatModel, request.Body["model"]!.GetValue<string>());
        var messages = request.Body["messages"]!.AsArray();
        Assert.Equal(["system", "user"], messages.Select(m => m!["role"]!.GetValue<string>()));
        Assert.Equal(AnswerPrompt.Instructions, ContentOf(messages[0]!));
        var user = ContentOf(messages[1]!);
        Assert.StartsWith("Question: Who wrote the first program?", user, StringComparison.Ordinal);
        Assert.True(user.IndexOf("[1] Ada Lovelace wrote the first program.", StringComparison.Ordinal) < user.IndexOf("[2] Bananas grow in the tropics.", StringComparison.Ordinal));
        Assert.Equal("The first passage answers it [1].", response.Text);
        Assert.Equal(OpenAiCompatibleTestDouble.ChatModel, response.ModelId);
        Assert.True(response.Usage?.InputTokenCount > 0);
        Assert.Equal(6, response.Usage?.OutputTokenCount);
    }

    [Fact]
    public async Task A_streamed_answer_asks_for_usage_and_arrives_in_pieces_then_the_usage()
    {
        using var client = Client();

        var updates = await client.GetStreamingResponseAsync(AnswerPrompt.Build("Who?", Passages)).ToListAsync();

        var request = Assert.Single(_server.ChatRequests);
        Assert.True(request.Body["stream"]!.GetValue<bool>());
        Assert.True(request.Body["stream_options"]!["include_usage"]!.GetValue<bool>());
        Assert.True(updates.Count(u => u.Text.Length > 0) > 1, "the answer came in one piece");
        Assert.Equal("The first passage answers it [1].", string.Concat(updates.Select(u => u.Text)));
        var usage = Assert.Single(updates.SelectMany(u => u.Contents).OfType<UsageContent>());
        Assert.Equal(6, usage.Details.OutputTokenCount);
    }

    [Fact]
    public async Task A_429_is_retried_after_its_Retry_After()
    {
        _server.FailNext("chat/completions", 429, retryAfter: "1");
        using var client = Client();

        var response = await client.GetResponseAsync(AnswerPrompt.Build("Who?", Passages));

        Assert.Equal("The first passage answers it [1].", response.Text);
        var requests = _server.ChatRequests;
        Assert.Equal(2, requests.Count);
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromSeconds(0.9), $"retried after {(requests[1].At - requests[0].At).TotalMilliseconds} ms");
    }

    [Fact]
    public async Task A_429_that_persists_is_busy_with_the_endpoints_Retry_After()
    {
        _server.FailNext("chat/completions", 429, times: 5, retryAfter: "1");
        using var client = Client(o => o.RateLimitRetries = 1);

        var busy = await Assert.ThrowsAsync<UpstreamBusyException>(() => client.GetResponseAsync(AnswerPrompt.Build("Who?", Passages)));

        Assert.Equal(TimeSpan.FromSeconds(1), busy.RetryAfter);
        Assert.Equal(2, _server.ChatRequests.Count);
    }

    [Fact]
    public async Task A_Retry_After_longer_than_MaxRetryAfter_is_passed_on_at_once()
    {
        _server.FailNext("chat/completions", 429, retryAfter: "120");
        using var client = Client();

        var busy = await Assert.ThrowsAsync<UpstreamBusyException>(() => client.GetResponseAsync(AnswerPrompt.Build("Who?", Passages)));

        Assert.Equal(TimeSpan.FromSeconds(120), busy.RetryAfter);
        Assert.Single(_server.ChatRequests);
    }

    [Fact]
    public async Task A_500_is_an_OpenAi_failure_with_the_endpoints_message()
    {
        _server.FailNext("chat/completions", 500);
        using var client = Client();

        var failure = await Assert.ThrowsAsync<OpenAiException>(() => client.GetResponseAsync(AnswerPrompt.Build("Who?", Passages)));

        Assert.Equal(500, failure.Status);
        Assert.Contains("answered 500: The server had an error while processing your request.", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_500_before_a_stream_begins_is_an_OpenAi_failure()
    {
        _server.FailNext("chat/completions", 500);
        using var client = Client();

        var failure = await Assert.ThrowsAsync<OpenAiException>(async () => await client.GetStreamingResponseAsync(AnswerPrompt.Build("Who?", Passages)).ToListAsync());

        Assert.Equal(500, failure.Status);
    }

    [Fact]
    public async Task An_endpoint_nobody_listens_on_is_unreachable()
    {
        using var client = Client(o => o.BaseUrl = $"http://127.0.0.1:{ClosedPort()}/v1");

        var failure = await Assert.ThrowsAsync<OpenAiException>(() => client.GetResponseAsync(AnswerPrompt.Build("Who?", Passages)));

        Assert.Equal(0, failure.Status);
        Assert.Contains("could not be reached", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_slower_than_the_Timeout_is_a_timeout_naming_the_key()
    {
        _server.ChatDelay = TimeSpan.FromSeconds(10);
        using var client = Client(o => o.Timeout = TimeSpan.FromMilliseconds(300));

        var timeout = await Assert.ThrowsAsync<TimeoutRejectedException>(() => client.GetResponseAsync(AnswerPrompt.Build("Who?", Passages)));

        Assert.Contains("OpenAi:Chat:Timeout", timeout.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_over_the_outbound_rate_limit_are_refused_as_busy_without_reaching_the_endpoint()
    {
        using var client = Client(o =>
        {
            o.RequestsPerMinute = 1;
            o.QueueLimit = 0;
        });
        await client.GetResponseAsync(AnswerPrompt.Build("Who?", Passages));

        var busy = await Assert.ThrowsAsync<UpstreamBusyException>(() => client.GetResponseAsync(AnswerPrompt.Build("Who?", Passages)));

        Assert.Contains("RequestsPerMinute", busy.Message, StringComparison.Ordinal);
        Assert.True(busy.RetryAfter > TimeSpan.Zero);
        Assert.Single(_server.ChatRequests);
    }

    [Fact]
    public async Task The_engine_is_described_by_its_endpoint_without_credentials_and_the_models_it_serves()
    {
        using var client = Client(o => o.BaseUrl = _server.BaseUrl.Replace("http://", "http://user:secret@", StringComparison.Ordinal));

        var description = await client.DescribeAsync();

        Assert.Equal($"{_server.BaseUrl}/", description.Location);
        Assert.Equal(2, Assert.Single(description.Sizes).Amount);
        Assert.Contains(_server.Requests, r => r.Path == "/v1/models");
    }

    [Fact]
    public void The_client_names_its_model()
    {
        using var client = Client();

        Assert.Equal(OpenAiCompatibleTestDouble.ChatModel, client.GetService<ChatClientMetadata>()?.DefaultModelId);
    }

    private OpenAiChatClient Client(Action<OpenAiChatOptions>? configure = null)
    {
        var options = new OpenAiChatOptions { BaseUrl = _server.BaseUrl, Model = OpenAiCompatibleTestDouble.ChatModel, ApiKey = OpenAiCompatibleTestDouble.ApiKey };
        configure?.Invoke(options);
        return new OpenAiChatClient(Options.Create(options), TimeProvider.System);
    }

    private static string ContentOf(System.Text.Json.Nodes.JsonNode message) => message["content"] switch
    {
        System.Text.Json.Nodes.JsonValue value => value.GetValue<string>(),
        System.Text.Json.Nodes.JsonArray parts => string.Concat(parts.Select(p => p!["text"]!.GetValue<string>())),
        _ => string.Empty,
    };

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
