using System.ClientModel;
using System.Text.Json;
using Polly.Timeout;
using RagMemory.Errors;

namespace RagMemory.OpenAi;

/// <summary>
/// Classifies what the OpenAI client throws into the product's failures, at the adapter's boundary: a 429 that
/// persisted is busy (503 with its Retry-After), a request over <see cref="OpenAiEndpointOptions.Timeout"/> is a timeout
/// (504), anything else the endpoint answered or failed to answer is an <see cref="OpenAiException"/> (502).
/// </summary>
internal static class OpenAiFailures
{
    private const int MaxDetail = 300;

    public static Exception Classify(Exception exception, OpenAiEndpointOptions options, string section, TimeProvider time, CancellationToken cancellationToken) => exception switch
    {
        ClientResultException { Status: 429 } limited => new UpstreamBusyException(
            $"The model endpoint {options.Location()} kept answering 429 (too many requests).",
            limited.GetRawResponse() is { } response ? OpenAiRequestPolicy.RetryAfter(response, time.GetUtcNow()) : OpenAiRequestPolicy.DefaultRetryAfter,
            limited),
        ClientResultException { Status: 0 } unreachable => new OpenAiException(0, $"The model endpoint {options.Location()} could not be reached: {unreachable.Message}", unreachable),
        ClientResultException failed => new OpenAiException(failed.Status, $"The model endpoint {options.Location()} answered {failed.Status}: {Detail(failed)}", failed),
        OperationCanceledException when !cancellationToken.IsCancellationRequested => new TimeoutRejectedException(
            $"The model endpoint {options.Location()} did not answer within {section}:Timeout ({options.Timeout}).", options.Timeout, exception),
        HttpRequestException unreachable => new OpenAiException(0, $"The model endpoint {options.Location()} could not be reached: {unreachable.Message}", unreachable),
        IOException broken => new OpenAiException(0, $"The model endpoint {options.Location()} broke off its answer: {broken.Message}", broken),
        _ => exception,
    };

    /// <summary>The error message in an OpenAI-shaped error body (<c>{"error":{"message":...}}</c>), else the start of the body.</summary>
    private static string Detail(ClientResultException failed)
    {
        var body = string.Empty;
        try
        {
            body = failed.GetRawResponse()?.Content?.ToString() ?? string.Empty;
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.TryGetProperty("error", out var error))
            {
                body = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var message) ? message.GetString() ?? body : error.ToString();
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML page, say): the start of the text says enough.
        }
        catch (InvalidOperationException)
        {
            // A streamed response whose body was not buffered.
        }

        body = body.ReplaceLineEndings(" ").Trim();
        return body.Length == 0 ? failed.Message : body.Length > MaxDetail ? body[..MaxDetail] + "…" : body;
    }
}
