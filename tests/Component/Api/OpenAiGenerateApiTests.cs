using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RagMemory.Answers;
using RagMemory.Logging;
using RagMemory.Tests.Engines.OpenAi;

namespace RagMemory.Tests.Api;

/// <summary>
/// <c>POST /hybrid/generate</c> with <c>Engines:Answers=OpenAi</c> (and the embeddings from the same double), whole and
/// streamed, end to end through the real host against <see cref="OpenAiCompatibleTestDouble"/>: the prompt the model
/// receives, the citations and usage that come back, the filters, and each failure's answer.
/// </summary>
public sealed class OpenAiGenerateApiTests : IAsyncLifetime
{
    private const string Lovelace = "Ada Lovelace wrote the first program for the Analytical Engine.";
    private const string Babbage = "Charles Babbage designed the Analytical Engine.";
    private const string Question = "Who wrote the first program for the Analytical Engine?";

    private OpenAiCompatibleTestDouble _model = default!;
    private RagMemoryApiFactory _factory = default!;
    private HttpClient _client = default!;

    public async Task InitializeAsync()
    {
        _model = await OpenAiCompatibleTestDouble.StartAsync();
        _factory = new RagMemoryApiFactory();
        foreach (var (key, value) in _model.Settings(embeddings: true))
        {
            _factory.Settings[key] = value;
        }

        // Failures are the model's alone here: the pipeline does not retry them, so each test scripts exactly what it sees.
        _factory.Settings["Resilience:Backends:answer_generator:RetryAttempts"] = "0";
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        await _factory.DisposeAsync();
        await _model.DisposeAsync();
    }

    [Fact]
    public async Task The_model_receives_the_question_and_the_filtered_passages_numbered_and_the_answer_cites_only_what_it_cites()
    {
        await StartAsync(withFallback: false);
        await IngestAsync("lovelace", Lovelace, "history");
        await IngestAsync("babbage", Babbage, "history");
        await IngestAsync("other", "Ada Lovelace also wrote poems about the Analytical Engine.", "poetry");

        var response = await _client.PostAsJsonAsync("/hybrid/generate", new { query = Question, filter = new { metadata = new { team = "history" } } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var prompt = UserPrompt(Assert.Single(_model.ChatRequests));
        Assert.StartsWith($"Question: {Question}", prompt, StringComparison.Ordinal);
        Assert.Contains("[1] ", prompt, StringComparison.Ordinal);
        Assert.Contains("[2] ", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("[3] ", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("poems", prompt, StringComparison.Ordinal);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("The first passage answers it [1].", body.GetProperty("answer").GetString());
        var citation = Assert.Single(body.GetProperty("citations").EnumerateArray());
        Assert.Equal(1, citation.GetProperty("number").GetInt32());
        Assert.Contains(citation.GetProperty("text").GetString()!, prompt, StringComparison.Ordinal);
        Assert.Equal(OpenAiCompatibleTestDouble.ChatModel, body.GetProperty("model").GetString());
        Assert.False(body.GetProperty("no_passage_found").GetBoolean());
        Assert.Equal(6, body.GetProperty("usage").GetProperty("output_tokens").GetInt64());
        Assert.True(body.GetProperty("usage").GetProperty("input_tokens").GetInt64() > 0);
        Assert.Equal(JsonValueKind.Null, body.GetProperty("fallback").ValueKind);
    }

    [Fact]
    public async Task With_no_passage_the_model_is_told_to_say_it_does_not_know_and_the_response_says_none_was_found()
    {
        await StartAsync(withFallback: false);
        _model.Reply = _ => "I do not know.";

        var response = await _client.PostAsJsonAsync("/hybrid/generate", new { query = Question });

        var prompt = UserPrompt(Assert.Single(_model.ChatRequests));
        Assert.Contains(AnswerPrompt.NoPassages, prompt, StringComparison.Ordinal);
        Assert.Contains("say that you do not know", SystemPrompt(_model.ChatRequests[0]), StringComparison.Ordinal);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(body.GetProperty("no_passage_found").GetBoolean());
        Assert.Empty(body.GetProperty("citations").EnumerateArray());
        Assert.Equal("I do not know.", body.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task Stream_true_answers_an_event_stream_of_deltas_then_citations_and_usage_from_the_filtered_passages()
    {
        await StartAsync(withFallback: false);
        await IngestAsync("lovelace", Lovelace, "history");
        await IngestAsync("other", "Ada Lovelace also wrote poems about the Analytical Engine.", "poetry");

        var response = await _client.PostAsJsonAsync("/hybrid/generate", new { query = Question, stream = true, filter = new { metadata = new { team = "history" } } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        var events = ServerSentEvents.Parse(await response.Content.ReadAsStringAsync());
        var deltas = events.TakeWhile(e => e.Type == "delta").ToList();
        Assert.True(deltas.Count > 1, "the answer came in one piece");
        Assert.Equal("The first passage answers it [1].", string.Concat(deltas.Select(d => d.Data.GetProperty("text").GetString())));
        Assert.Equal(["citations", "usage", "done"], events.Skip(deltas.Count).Select(e => e.Type));
        var citation = Assert.Single(events.Single(e => e.Type == "citations").Data.GetProperty("citations").EnumerateArray());
        Assert.Equal("lovelace", citation.GetProperty("event_id").GetString());
        var usage = events.Single(e => e.Type == "usage").Data;
        Assert.Equal(OpenAiCompatibleTestDouble.ChatModel, usage.GetProperty("model").GetString());
        Assert.Equal(6, usage.GetProperty("usage").GetProperty("output_tokens").GetInt64());
        var request = Assert.Single(_model.ChatRequests);
        Assert.True(request.Body["stream"]!.GetValue<bool>());
        Assert.DoesNotContain("poems", UserPrompt(request), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_streamed_answer_reaches_the_caller_while_the_model_is_still_writing()
    {
        await StartAsync(withFallback: false);
        _model.HoldStreams = true;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/hybrid/generate") { Content = JsonContent.Create(new { query = Question, stream = true }) };

        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var first = await ServerSentEvents.ReadAsync(reader);

        Assert.Equal("delta", first.Type);
        Assert.Equal("The first ", first.Data.GetProperty("text").GetString());
        _model.ReleaseStreams();
        var rest = ServerSentEvents.Parse(await reader.ReadToEndAsync());
        Assert.Equal("done", rest[^1].Type);
    }

    [Fact]
    public async Task A_model_that_breaks_off_after_it_began_ends_the_stream_with_an_error_event()
    {
        await StartAsync(withFallback: false);
        _model.BreakStreams = true;

        var response = await _client.PostAsJsonAsync("/hybrid/generate", new { query = Question, stream = true });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var events = ServerSentEvents.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("delta", events[0].Type);
        var error = events[^1];
        Assert.Equal("error", error.Type);
        Assert.Equal(502, error.Data.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(error.Data.GetProperty("correlation_id").GetString()));
        Assert.DoesNotContain(events, e => e.Type == "done");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_429_that_persists_is_a_503_with_the_models_Retry_After(bool stream)
    {
        await StartAsync(withFallback: false);
        _model.FailNext("chat/completions", 429, times: 3, retryAfter: "120");

        var response = await _client.PostAsJsonAsync("/hybrid/generate", new { query = Question, stream });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(120), response.Headers.RetryAfter?.Delta);
        Assert.Contains("429", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_429_is_retried_after_its_Retry_After_and_then_answered()
    {
        await StartAsync(withFallback: false);
        _model.FailNext("chat/completions", 429, retryAfter: "1");

        var response = await _client.PostAsJsonAsync("/hybrid/generate", new { query = Question });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, _model.ChatRequests.Count);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_model_that_is_down_is_a_502(bool stream)
    {
        await StartAsync(withFallback: false);
        _model.FailNext("chat/completions", 500);

        var response = await _client.PostAsJsonAsync("/hybrid/generate", new { query = Question, stream });

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        Assert.Contains("answer_generator", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_slower_than_its_timeout_is_a_504()
    {
        _factory.Settings["OpenAi:Chat:Timeout"] = "00:00:00.500";
        await StartAsync(withFallback: false);
        _model.ChatDelay = TimeSpan.FromSeconds(10);

        var response = await _client.PostAsJsonAsync("/hybrid/generate", new { query = Question });

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task With_the_extractive_fallback_a_model_that_is_down_is_answered_extractively_marked_with_its_failure_in_the_response_and_the_log(bool stream)
    {
        await StartAsync(withFallback: true);
        await IngestAsync("lovelace", Lovelace, "history");
        _model.FailNext("chat/completions", 500);

        var response = await _client.PostAsJsonAsync("/hybrid/generate", new { query = Question, stream });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonElement fallback;
        string model;
        if (stream)
        {
            var events = ServerSentEvents.Parse(await response.Content.ReadAsStringAsync());
            fallback = events.Single(e => e.Type == "fallback").Data;
            model = events.Single(e => e.Type == "usage").Data.GetProperty("model").GetString()!;
        }
        else
        {
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            fallback = body.GetProperty("fallback");
            model = body.GetProperty("model").GetString()!;
            Assert.Contains("[1]", body.GetProperty("answer").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal("extractive-minilm", model);
        Assert.Equal(OpenAiCompatibleTestDouble.ChatModel, fallback.GetProperty("failed_model").GetString());
        Assert.StartsWith("502 · ", fallback.GetProperty("failure").GetString(), StringComparison.Ordinal);
        Assert.Contains("answered 500", fallback.GetProperty("failure").GetString(), StringComparison.Ordinal);
        var logged = _factory.Services.GetRequiredService<LogRingBuffer>().Query(new LogQuery(Text: "answered by the fallback"));
        Assert.Contains(logged, r => r.Message.Contains(OpenAiCompatibleTestDouble.ChatModel, StringComparison.Ordinal) && r.Exception is not null);
    }

    [Fact]
    public async Task The_model_and_its_token_usage_are_in_the_metrics()
    {
        await StartAsync(withFallback: false);

        await _client.PostAsJsonAsync("/hybrid/generate", new { query = Question });

        var metrics = await _factory.CreateClient().GetStringAsync("/metrics");
        Assert.Matches($$"""ragmemory_answer_tokens_total\{(?=[^}]*direction="output")(?=[^}]*model="{{OpenAiCompatibleTestDouble.ChatModel}}")[^}]*\} 6\b""", metrics);
        Assert.Matches($$"""ragmemory_answers_total\{(?=[^}]*mode="whole")(?=[^}]*model="{{OpenAiCompatibleTestDouble.ChatModel}}")[^}]*\} 1\b""", metrics);
    }

    private async Task StartAsync(bool withFallback)
    {
        if (withFallback)
        {
            _factory.Settings["Answers:Fallback"] = "Extractive";
        }

        _client = await _factory.CreateClientAsync();
    }

    private async Task IngestAsync(string id, string text, string team)
    {
        var accepted = await _client.PostAsJsonAsync("/ingest/", new { id, text, metadata = new { team } });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        await Eventually.DoneAsync(_client, id);
    }

    private static string SystemPrompt(RecordedRequest request) => Content(request, 0);

    private static string UserPrompt(RecordedRequest request) => Content(request, 1);

    private static string Content(RecordedRequest request, int index) => request.Body["messages"]![index]!["content"] switch
    {
        System.Text.Json.Nodes.JsonValue value => value.GetValue<string>(),
        System.Text.Json.Nodes.JsonArray parts => string.Concat(parts.Select(p => p!["text"]!.GetValue<string>())),
        _ => string.Empty,
    };
}
