using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using RagMemory.Answers;
using RagMemory.Api.Contracts;
using RagMemory.Errors;

namespace RagMemory.Api.Streaming;

/// <summary>
/// A streamed answer as server-sent events. The first update is awaited before anything is written, so a failure
/// that comes before the model's first words (a bad query, a busy or broken model) is still an ordinary problem
/// response; a failure after it can only be told in the stream, as an <c>error</c> event with the problem's fields.
/// </summary>
public sealed partial class AnswerEventStream : ActionResult
{
    public const string ContentType = "text/event-stream";

    private readonly IAsyncEnumerator<AnswerUpdate> _updates;
    private readonly bool _more;

    private AnswerEventStream(IAsyncEnumerator<AnswerUpdate> updates, bool more)
    {
        _updates = updates;
        _more = more;
    }

    /// <summary>Starts the answer and waits for its first update; throws, as the answer would, if it fails first.</summary>
    public static async Task<AnswerEventStream> StartAsync(IAsyncEnumerable<AnswerUpdate> answer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var updates = answer.GetAsyncEnumerator(cancellationToken);
        try
        {
            return new AnswerEventStream(updates, await updates.MoveNextAsync().ConfigureAwait(false));
        }
        catch
        {
            await updates.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public override async Task ExecuteResultAsync(ActionContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        var json = http.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.JsonSerializerOptions;
        var logger = http.RequestServices.GetRequiredService<ILogger<AnswerEventStream>>();
        http.Response.ContentType = ContentType;
        http.Response.Headers.CacheControl = "no-cache";

        // A proxy that buffers would hold the answer back until it is whole.
        http.Response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        await using (_updates.ConfigureAwait(false))
        {
            await SseFormatter.WriteAsync(Events(http, json, logger), http.Response.Body, http.RequestAborted).ConfigureAwait(false);
        }
    }

    private async IAsyncEnumerable<SseItem<string>> Events(HttpContext http, JsonSerializerOptions json, ILogger logger, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var more = _more;
        while (more)
        {
            foreach (var item in ToEvents(_updates.Current, json))
            {
                yield return item;
            }

            Failure? failure = null;
            try
            {
                more = await _updates.MoveNextAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (!http.RequestAborted.IsCancellationRequested)
            {
                failure = Failure.Of(exception) with { CorrelationId = http.TraceIdentifier };
                LogFailedMidStream(logger, failure.Status, exception);
                more = false;
            }

            if (failure is not null)
            {
                yield return Event("error", new StreamProblem(failure.Status, failure.Message, failure.CorrelationId), json);
            }
        }
    }

    private static IEnumerable<SseItem<string>> ToEvents(AnswerUpdate update, JsonSerializerOptions json)
    {
        switch (update)
        {
            case AnswerDelta delta:
                yield return Event("delta", new DeltaEvent(delta.Text), json);
                break;
            case AnswerCompleted { Answer: var answer }:
                if (FallbackResponse.From(answer.Fallback) is { } fallback)
                {
                    yield return Event("fallback", fallback, json);
                }

                yield return Event("citations", new CitationsEvent(CitationResponse.From(answer.Citations), answer.NoPassageFound), json);
                yield return Event("usage", new UsageEvent(answer.Model, UsageResponse.From(answer.Usage)), json);
                yield return Event("done", new { }, json);
                break;
        }
    }

    private static SseItem<string> Event<T>(string type, T data, JsonSerializerOptions json) => new(JsonSerializer.Serialize(data, json), type);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "A streamed answer failed after it began, with {Status}")]
    private static partial void LogFailedMidStream(ILogger logger, int status, Exception exception);

    private sealed record DeltaEvent(string Text);

    private sealed record CitationsEvent(IReadOnlyList<CitationResponse> Citations, bool NoPassageFound);

    private sealed record UsageEvent(string Model, UsageResponse? Usage);

    private sealed record StreamProblem(int Status, string Detail, string? CorrelationId);
}
