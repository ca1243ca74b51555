using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using RagMemory.Errors;

namespace RagMemory.Graph.Neo4j;

/// <summary>
/// Runs one Cypher statement per request through Neo4j's HTTP Query API (<c>POST /db/{database}/query/v2</c>), each in
/// its own implicit transaction, parameters and results in typed JSON. Every failure leaves here as a
/// <see cref="Neo4jException"/> carrying Neo4j's code, or as a <see cref="ConflictException"/> when a constraint refused a write.
/// </summary>
public sealed class QueryApiClient
{
    private readonly HttpClient _http;
    private readonly Neo4jOptions _options;
    private readonly AuthenticationHeaderValue _authorization;

    public QueryApiClient(HttpClient http, IOptions<Neo4jOptions> options)
    {
        _http = http;
        _options = options.Value;
        _http.Timeout = Timeout.InfiniteTimeSpan;
        _authorization = string.IsNullOrEmpty(_options.BearerToken)
            ? new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_options.User}:{_options.Password}")))
            : new AuthenticationHeaderValue("Bearer", _options.BearerToken);
    }

    /// <summary>Where the graph lives, without credentials.</summary>
    public string Location => $"{_options.Url.TrimEnd('/')}/db/{_options.Database}";

    /// <param name="statement">Cypher with <c>$name</c> placeholders; nothing a user sent is ever part of it but validated names.</param>
    /// <param name="parameters">Plain JSON values, sent typed (see <see cref="TypedJson"/>).</param>
    public async Task<QueryResult> RunAsync(string statement, JsonObject? parameters, CancellationToken cancellationToken)
    {
        var body = new JsonObject
        {
            ["statement"] = statement,
            ["parameters"] = new JsonObject((parameters ?? []).Select(p => KeyValuePair.Create(p.Key, (JsonNode?)TypedJson.Encode(p.Value)))),
        };
        using var request = new HttpRequestMessage(HttpMethod.Post, _options.QueryUri)
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, TypedJson.MediaType),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(TypedJson.MediaType));
        request.Headers.Authorization = _authorization;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        try
        {
            using var response = await _http.SendAsync(request, timeout.Token).ConfigureAwait(false);
            var text = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            return Read(response.StatusCode, text);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new Neo4jException(null, $"Neo4j did not answer within {_options.RequestTimeout}.", UpstreamFailureKind.TimedOut, isTransient: true);
        }
        catch (HttpRequestException exception)
        {
            throw new Neo4jException(null, $"Neo4j at {Location} could not be reached: {exception.Message}", UpstreamFailureKind.Failed, isTransient: true, exception);
        }
    }

    private static QueryResult Read(HttpStatusCode status, string text)
    {
        JsonObject? answer;
        try
        {
            answer = JsonNode.Parse(text) as JsonObject;
        }
        catch (JsonException)
        {
            answer = null;
        }

        if (answer?["errors"] is JsonArray { Count: > 0 } errors)
        {
            var first = errors[0]!;
            var code = first["code"]?.GetValue<string>() ?? "Neo.DatabaseError.General.UnknownError";
            var message = first["message"]?.GetValue<string>() ?? "";
            var error = Neo4jException.FromCode(code, message);
            throw code == Neo4jException.ConstraintValidationFailed
                ? new ConflictException("The graph already holds a node with that identity.", error)
                : error;
        }

        if (!IsSuccess(status) || answer?["data"] is not JsonObject data)
        {
            // Without a Neo4j code only the HTTP status tells: a gateway's 5xx may pass, a 4xx (a wrong address) will not.
            var transient = (int)status >= 500;
            throw new Neo4jException(null, $"Neo4j answered {(int)status} without a result.", UpstreamFailureKind.Failed, transient);
        }

        var fields = data["fields"]!.AsArray().Select(f => f!.GetValue<string>()).ToList();
        var rows = data["values"]!.AsArray().Select(row => row!.AsArray().Select(TypedJson.Decode).ToArray()).ToList();
        return new QueryResult(fields, rows);
    }

    private static bool IsSuccess(HttpStatusCode status) => (int)status is >= 200 and < 300;
}
