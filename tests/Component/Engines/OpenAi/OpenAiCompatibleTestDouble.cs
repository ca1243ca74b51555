using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RagMemory.Tests.Engines.OpenAi;

/// <summary>
/// A test double of an OpenAI-compatible server (not a model): a real HTTP server on 127.0.0.1 answering
/// <c>/v1/chat/completions</c> (whole, or streamed as server-sent events with the final usage chunk when
/// <c>stream_options.include_usage</c> asks for it), <c>/v1/embeddings</c> (float or base64) and <c>/v1/models</c>
/// in the shapes OpenAI's API reference documents, recording every request. What it answers is scripted by the test:
/// the reply to a chat request is computed from the prompt by <see cref="Reply"/>; failures are queued with
/// <see cref="FailNext"/>; a stream can be held after its first piece with <see cref="HoldStreams"/>.
/// </summary>
public sealed class OpenAiCompatibleTestDouble : IAsyncDisposable
{
    public const string ChatModel = "double-chat-1";
    public const string EmbeddingModel = "double-embed-1";
    public const string ApiKey = "test-double-key";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ScriptedFailure> _failures = new();
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _abortedStreams;

    private OpenAiCompatibleTestDouble(WebApplication app) => _app = app;

    /// <summary>The base address clients configure: <c>http://127.0.0.1:port/v1</c>.</summary>
    public string BaseUrl { get; private set; } = string.Empty;

    /// <summary>The answer to a chat request, from its messages (role, content) in order; by default it cites passage 1.</summary>
    public Func<IReadOnlyList<(string Role, string Content)>, string> Reply { get; set; } = _ => "The first passage answers it [1].";

    /// <summary>Length of the embeddings it makes.</summary>
    public int Dimensions { get; set; } = 16;

    /// <summary>Waits before answering a chat request (to outlast a client's timeout).</summary>
    public TimeSpan ChatDelay { get; set; }

    /// <summary>When set, a stream breaks off after its first piece, as a server that crashes mid-answer.</summary>
    public bool BreakStreams { get; set; }

    /// <summary>When set, a stream stops after its first piece until <see cref="ReleaseStreams"/>.</summary>
    public bool HoldStreams { get; set; }

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    public IReadOnlyList<RecordedRequest> ChatRequests => _requests.Where(r => r.Path.EndsWith("/chat/completions", StringComparison.Ordinal)).ToArray();

    public IReadOnlyList<RecordedRequest> EmbeddingRequests => _requests.Where(r => r.Path.EndsWith("/embeddings", StringComparison.Ordinal)).ToArray();

    /// <summary>Streams whose client went away before the stream ended (a reader pressed Stop).</summary>
    public int AbortedStreams => Volatile.Read(ref _abortedStreams);

    public static async Task<OpenAiCompatibleTestDouble> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var double_ = new OpenAiCompatibleTestDouble(app);
        app.MapPost("/v1/chat/completions", double_.ChatAsync);
        app.MapPost("/v1/embeddings", double_.EmbeddingsAsync);
        app.MapGet("/v1/models", double_.ModelsAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        double_.BaseUrl = address.TrimEnd('/') + "/v1";
        return double_;
    }

    /// <summary>Answers the next <paramref name="times"/> requests to <paramref name="path"/> (chat/completions or embeddings) with an error.</summary>
    public void FailNext(string path, int status, int times = 1, string? retryAfter = null)
    {
        for (var i = 0; i < times; i++)
        {
            _failures.Enqueue(new ScriptedFailure(path, status, retryAfter));
        }
    }

    public void ReleaseStreams() => _release.TrySetResult();

    /// <summary>Forgets the requests and scripted failures and stops holding streams, for the next test on a shared double.</summary>
    public void Reset()
    {
        _requests.Clear();
        _failures.Clear();
        ReleaseStreams();
        _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        HoldStreams = false;
        BreakStreams = false;
        ChatDelay = TimeSpan.Zero;
        Reply = _ => "The first passage answers it [1].";
        Interlocked.Exchange(ref _abortedStreams, 0);
    }

    /// <summary>The settings that point an app's chat (and, when asked, embeddings) at this double.</summary>
    public Dictionary<string, string?> Settings(bool embeddings = false)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Engines:Answers"] = "OpenAi",
            ["OpenAi:Chat:BaseUrl"] = BaseUrl,
            ["OpenAi:Chat:Model"] = ChatModel,
            ["OpenAi:Chat:ApiKey"] = ApiKey,
        };
        if (embeddings)
        {
            settings["Engines:Embeddings"] = "OpenAi";
            settings["OpenAi:Embeddings:BaseUrl"] = BaseUrl;
            settings["OpenAi:Embeddings:Model"] = EmbeddingModel;
            settings["OpenAi:Embeddings:ApiKey"] = ApiKey;
            settings["OpenAi:Embeddings:Dimensions"] = Dimensions.ToString(CultureInfo.InvariantCulture);
        }

        return settings;
    }

    public async ValueTask DisposeAsync()
    {
        ReleaseStreams();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>A deterministic embedding: words hashed into buckets, L2-normalised, so texts sharing words are near.</summary>
    public static float[] Embed(string text, int dimensions)
    {
        var vector = new float[dimensions];
        foreach (var word in text.ToLowerInvariant().Split([' ', '.', ',', '?', '!', ';', ':'], StringSplitOptions.RemoveEmptyEntries))
        {
            var hash = 17;
            foreach (var c in word)
            {
                hash = unchecked((hash * 31) + c);
            }

            vector[(hash & int.MaxValue) % dimensions] += 1;
        }

        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        return norm == 0 ? vector.Select((_, i) => i == 0 ? 1f : 0f).ToArray() : vector.Select(v => v / norm).ToArray();
    }

    private async Task ChatAsync(HttpContext context)
    {
        var body = await Record(context);
        if (await FailedAsync(context, "chat/completions"))
        {
            return;
        }

        if (ChatDelay > TimeSpan.Zero)
        {
            await Task.Delay(ChatDelay, context.RequestAborted);
        }

        var messages = body["messages"]!.AsArray()
            .Select(m => (Role: m!["role"]!.GetValue<string>(), Content: ContentOf(m!["content"])))
            .ToList();
        var text = Reply(messages);
        var promptTokens = messages.Sum(m => Words(m.Content));
        var completionTokens = Words(text);
        var usage = new JsonObject { ["prompt_tokens"] = promptTokens, ["completion_tokens"] = completionTokens, ["total_tokens"] = promptTokens + completionTokens };
        if (body["stream"]?.GetValue<bool>() == true)
        {
            await StreamAsync(context, text, body["stream_options"]?["include_usage"]?.GetValue<bool>() == true ? usage : null);
            return;
        }

        await WriteJsonAsync(context, new JsonObject
        {
            ["id"] = "chatcmpl-double",
            ["object"] = "chat.completion",
            ["created"] = 1_700_000_000,
            ["model"] = ChatModel,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0,
                ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = text },
                ["finish_reason"] = "stop",
            }),
            ["usage"] = usage,
        });
    }

    private async Task StreamAsync(HttpContext context, string text, JsonObject? usage)
    {
        context.Response.ContentType = "text/event-stream";
        context.Response.Headers.CacheControl = "no-cache";
        var pieces = Pieces(text);
        try
        {
            await SendAsync(context, Chunk(new JsonObject { ["role"] = "assistant", ["content"] = string.Empty }, null));
            for (var i = 0; i < pieces.Count; i++)
            {
                await SendAsync(context, Chunk(new JsonObject { ["content"] = pieces[i] }, null));
                if (i == 0 && BreakStreams)
                {
                    // A stream that breaks off mid-answer, deterministically: the client has the first delta and
                    // then reads a chunk it cannot parse. (Aborting the connection instead races the client's reads:
                    // a reset can discard the delta still in the socket's buffer.)
                    await context.Response.WriteAsync("data: {\"choices\":[{\"delta\n\n", context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                    return;
                }

                if (i == 0 && HoldStreams)
                {
                    await _release.Task.WaitAsync(context.RequestAborted);
                }
            }

            await SendAsync(context, Chunk(new JsonObject(), "stop"));
            if (usage is not null)
            {
                await SendAsync(context, new JsonObject
                {
                    ["id"] = "chatcmpl-double",
                    ["object"] = "chat.completion.chunk",
                    ["created"] = 1_700_000_000,
                    ["model"] = ChatModel,
                    ["choices"] = new JsonArray(),
                    ["usage"] = usage,
                });
            }

            await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            Interlocked.Increment(ref _abortedStreams);
        }
    }

    private static JsonObject Chunk(JsonObject delta, string? finishReason) => new()
    {
        ["id"] = "chatcmpl-double",
        ["object"] = "chat.completion.chunk",
        ["created"] = 1_700_000_000,
        ["model"] = ChatModel,
        ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finishReason }),
    };

    private static async Task SendAsync(HttpContext context, JsonObject chunk)
    {
        await context.Response.WriteAsync($"data: {chunk.ToJsonString()}\n\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    private async Task EmbeddingsAsync(HttpContext context)
    {
        var body = await Record(context);
        if (await FailedAsync(context, "embeddings"))
        {
            return;
        }

        var inputs = body["input"] is JsonArray array ? array.Select(i => i!.GetValue<string>()).ToList() : [body["input"]!.GetValue<string>()];
        var base64 = body["encoding_format"]?.GetValue<string>() == "base64";
        var data = new JsonArray();
        for (var i = 0; i < inputs.Count; i++)
        {
            var vector = Embed(inputs[i], Dimensions);
            JsonNode embedding = base64
                ? JsonValue.Create(Convert.ToBase64String(vector.SelectMany(BitConverter.GetBytes).ToArray()))
                : new JsonArray(vector.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
            data.Add(new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = embedding });
        }

        var tokens = inputs.Sum(Words);
        await WriteJsonAsync(context, new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = body["model"]?.GetValue<string>() ?? EmbeddingModel,
            ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
        });
    }

    private async Task ModelsAsync(HttpContext context)
    {
        _requests.Enqueue(new RecordedRequest(context.Request.Path, new JsonObject(), context.Request.Headers.Authorization.ToString(), DateTimeOffset.UtcNow));
        await WriteJsonAsync(context, new JsonObject
        {
            ["object"] = "list",
            ["data"] = new JsonArray(
                new JsonObject { ["id"] = ChatModel, ["object"] = "model", ["created"] = 1_700_000_000, ["owned_by"] = "test-double" },
                new JsonObject { ["id"] = EmbeddingModel, ["object"] = "model", ["created"] = 1_700_000_000, ["owned_by"] = "test-double" }),
        });
    }

    private async Task<JsonObject> Record(HttpContext context)
    {
        var body = (await JsonNode.ParseAsync(context.Request.Body))!.AsObject();
        _requests.Enqueue(new RecordedRequest(context.Request.Path, body, context.Request.Headers.Authorization.ToString(), DateTimeOffset.UtcNow));
        return body;
    }

    private async Task<bool> FailedAsync(HttpContext context, string path)
    {
        if (!_failures.TryPeek(out var failure) || failure.Path != path || !_failures.TryDequeue(out failure))
        {
            return false;
        }

        context.Response.StatusCode = failure.Status;
        if (failure.RetryAfter is not null)
        {
            context.Response.Headers.RetryAfter = failure.RetryAfter;
        }

        await WriteJsonAsync(context, new JsonObject
        {
            ["error"] = new JsonObject
            {
                ["message"] = failure.Status == 429 ? "Rate limit reached for requests" : "The server had an error while processing your request.",
                ["type"] = failure.Status == 429 ? "requests" : "server_error",
                ["param"] = null,
                ["code"] = failure.Status == 429 ? "rate_limit_exceeded" : null,
            },
        }, failure.Status);
        return true;
    }

    private static async Task WriteJsonAsync(HttpContext context, JsonObject body, int status = (int)HttpStatusCode.OK)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(body.ToJsonString(), context.RequestAborted);
    }

    private static string ContentOf(JsonNode? content) => content switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>() ?? string.Empty)),
        _ => string.Empty,
    };

    /// <summary>The text in pieces of a word or two, as a model streams tokens.</summary>
    private static List<string> Pieces(string text)
    {
        var pieces = new List<string>();
        var piece = new StringBuilder();
        foreach (var c in text)
        {
            piece.Append(c);
            if (c == ' ' && piece.Length > 6)
            {
                pieces.Add(piece.ToString());
                piece.Clear();
            }
        }

        if (piece.Length > 0)
        {
            pieces.Add(piece.ToString());
        }

        return pieces;
    }

    private static int Words(string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;

    private sealed record ScriptedFailure(string Path, int Status, string? RetryAfter);
}

/// <summary>One request the double received: its path, JSON body, Authorization header and when it came.</summary>
public sealed record RecordedRequest(string Path, JsonObject Body, string Authorization, DateTimeOffset At);
