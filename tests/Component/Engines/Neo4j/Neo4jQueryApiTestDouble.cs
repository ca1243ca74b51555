using System.Collections;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace RagMemory.Tests.Engines.Neo4j;

/// <summary>
/// A stand-in for Neo4j's HTTP Query API, in process: it records every request and answers with the shapes Neo4j
/// documents for <c>POST /db/{database}/query/v2</c> in typed JSON: <c>{"data": {"fields": [...], "values": [[...]]}}</c>
/// with each value as <c>{"$type": ..., "_value": ...}</c>, and failures as <c>{"errors": [{"code", "message"}]}</c>.
/// It runs no Cypher: each test queues the answers its calls get, in order; with none queued a statement returns no rows.
/// </summary>
public sealed class Neo4jQueryApiTestDouble : HttpMessageHandler
{
    private readonly Queue<Func<CancellationToken, Task<HttpResponseMessage>>> _answers = new();
    private readonly List<RecordedQuery> _requests = [];

    public IReadOnlyList<RecordedQuery> Requests
    {
        get
        {
            lock (_requests)
            {
                return _requests.ToList();
            }
        }
    }

    public RecordedQuery Single => Assert.Single(Requests);

    /// <summary>The next statement returns these rows; values are C# values written in Neo4j's typed JSON.</summary>
    public Neo4jQueryApiTestDouble ThenRows(string[] fields, params object?[][] rows)
    {
        var data = new JsonObject
        {
            ["fields"] = new JsonArray(fields.Select(f => (JsonNode?)f).ToArray()),
            ["values"] = new JsonArray(rows.Select(row => (JsonNode?)new JsonArray(row.Select(Typed).ToArray())).ToArray()),
        };
        return Then(HttpStatusCode.Accepted, new JsonObject { ["data"] = data, ["bookmarks"] = new JsonArray("FB:kcwQ") });
    }

    /// <summary>The next statement fails as Neo4j reports a failure: an HTTP status and one error with its code.</summary>
    public Neo4jQueryApiTestDouble ThenError(HttpStatusCode status, string code, string message = "refused by the test double") =>
        Then(status, new JsonObject { ["errors"] = new JsonArray(new JsonObject { ["code"] = code, ["message"] = message }) });

    /// <summary>The next request gets an answer that is not the Query API's (a proxy's error page, say).</summary>
    public Neo4jQueryApiTestDouble ThenRaw(HttpStatusCode status, string body)
    {
        _answers.Enqueue(_ => Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body) }));
        return this;
    }

    public Neo4jQueryApiTestDouble ThenThrow(Exception exception)
    {
        _answers.Enqueue(_ => Task.FromException<HttpResponseMessage>(exception));
        return this;
    }

    /// <summary>The next request gets no answer until it is cancelled.</summary>
    public Neo4jQueryApiTestDouble ThenHang()
    {
        _answers.Enqueue(async cancellationToken =>
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        });
        return this;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = await request.Content!.ReadAsStringAsync(cancellationToken);
        var recorded = new RecordedQuery(
            request.Method,
            request.RequestUri!,
            request.Headers.Authorization?.ToString(),
            request.Content.Headers.ContentType?.MediaType,
            request.Headers.Accept.Select(a => a.MediaType!).ToList(),
            (JsonObject)JsonNode.Parse(body)!);
        Func<CancellationToken, Task<HttpResponseMessage>>? answer;
        lock (_requests)
        {
            _requests.Add(recorded);
            _answers.TryDequeue(out answer);
        }

        return answer is null ? Respond(HttpStatusCode.Accepted, EmptyResult()) : await answer(cancellationToken);
    }

    private Neo4jQueryApiTestDouble Then(HttpStatusCode status, JsonObject body)
    {
        _answers.Enqueue(_ => Task.FromResult(Respond(status, body)));
        return this;
    }

    private static JsonObject EmptyResult() => new()
    {
        ["data"] = new JsonObject { ["fields"] = new JsonArray(), ["values"] = new JsonArray() },
        ["bookmarks"] = new JsonArray("FB:kcwQ"),
    };

    private static HttpResponseMessage Respond(HttpStatusCode status, JsonObject body) => new(status)
    {
        Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/vnd.neo4j.query"),
    };

    /// <summary>Neo4j's typed JSON, written here independently of the adapter's encoder so the two check each other.</summary>
    private static JsonObject Typed(object? value) => value switch
    {
        null => Wrap("Null", null),
        string text => Wrap("String", text),
        bool flag => Wrap("Boolean", flag),
        int or long => Wrap("Integer", Convert.ToInt64(value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)),
        double number => Wrap("Float", number.ToString("R", CultureInfo.InvariantCulture)),
        IDictionary<string, object?> map => Wrap("Map", new JsonObject(map.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)Typed(p.Value))))),
        IEnumerable list => Wrap("List", new JsonArray(list.Cast<object?>().Select(item => (JsonNode?)Typed(item)).ToArray())),
        _ => throw new ArgumentException($"The test double cannot type {value.GetType()}.", nameof(value)),
    };

    private static JsonObject Wrap(string type, JsonNode? value) => new() { ["$type"] = type, ["_value"] = value };
}

/// <summary>One request the test double received.</summary>
public sealed record RecordedQuery(HttpMethod Method, Uri Uri, string? Authorization, string? ContentType, IReadOnlyList<string> Accept, JsonObject Body)
{
    public string Statement => Body["statement"]!.GetValue<string>();

    /// <summary>The parameters as sent: each value in typed JSON.</summary>
    public JsonObject Parameters => Body["parameters"]!.AsObject();

    /// <summary>A parameter's typed JSON, e.g. <c>{"$type": "Integer", "_value": "10"}</c>.</summary>
    public JsonObject Parameter(string name) => Parameters[name]!.AsObject();
}
