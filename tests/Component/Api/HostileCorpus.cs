using System.Text;

namespace RagMemory.Tests.Api;

/// <summary>A route of the running app as the hostile-input test sees it, read from the app's endpoint list.</summary>
public sealed record HostileRoute(string Method, string Template, IReadOnlyList<string> PathParameters, bool TakesBody, IReadOnlyList<string> QueryParameters, bool IsPage, bool IsMcp = false);

/// <summary>
/// One malformed request. <see cref="MustRefuse"/> says the app must answer 4xx: the request breaks a rule of the route
/// it is sent to. Otherwise (a query parameter the route does not read, a page that ignores a header) a 2xx is allowed,
/// but any error is still a 4xx problem.
/// </summary>
public sealed record HostileRequest(string Name, string Method, string PathAndQuery, byte[]? Body, string? ContentType, IReadOnlyList<KeyValuePair<string, string>> Headers, bool MustRefuse, bool Anonymous = false, bool Mcp = false, bool Page = false)
{
    public override string ToString() => $"{Method} {(PathAndQuery.Length > 120 ? PathAndQuery[..120] + "…" : PathAndQuery)} [{Name}]";
}

/// <summary>
/// The corpus: for every route, hostile path values, malformed bodies, wrong content types, out-of-range query
/// strings and odd headers. Deterministic (no randomness), so a failure names a request that fails again.
/// </summary>
public static class HostileCorpus
{
    /// <summary>Path values, as they go into the URL (already escaped where a client would escape them).</summary>
    private static readonly (string Name, string Value)[] PathValues =
    [
        ("traversal", Uri.EscapeDataString("../../../etc/passwd")),
        ("encoded traversal", "%2e%2e%2f%2e%2e%2fetc%2fpasswd"),
        ("double-encoded traversal", "%252e%252e%252f"),
        ("backslash traversal", Uri.EscapeDataString(@"..\..\windows\win.ini")),
        ("sql quote", Uri.EscapeDataString("' OR '1'='1")),
        ("sql comment", Uri.EscapeDataString("1; DROP TABLE ingest_events; --")),
        ("double quote", Uri.EscapeDataString("\" OR \"\"=\"")),
        ("cypher", Uri.EscapeDataString("x'}) MATCH (n) DETACH DELETE n //")),
        ("fts operators", Uri.EscapeDataString("NEAR(\"a\" * OR NOT ^b)")),
        ("mongo operator", Uri.EscapeDataString("{\"$gt\":\"\"}")),
        ("control characters", "%01%1B%7F"),
        ("invalid utf-8", "%FF%FE%C3%28"),
        ("lone surrogate as utf-8", "%ED%A0%80"),
        ("negative", "-1"),
        ("huge integer", "99999999999999999999999999"),
        ("NaN", "NaN"),
        ("Infinity", "Infinity"),
        ("long", new string('a', 4000)),
        ("whitespace", "%20%20%09"),
    ];

    private static readonly string HugeString = new('x', 3 * 1024 * 1024);

    /// <summary>Bodies sent as application/json to routes that read one.</summary>
    private static readonly (string Name, byte[] Body)[] Bodies =
    [
        ("empty", []),
        ("null", Utf8("null")),
        ("array", Utf8("[]")),
        ("number", Utf8("42")),
        ("string", Utf8("\"text\"")),
        ("truncated", Utf8("{\"id\": \"a\", \"text\": ")),
        ("trailing garbage", Utf8("{} garbage")),
        ("single quotes", Utf8("{'id': 'a'}")),
        ("deep array nesting", Utf8(new string('[', 10_000) + new string(']', 10_000))),
        ("deep object nesting", Utf8(string.Concat(Enumerable.Repeat("{\"a\":", 500)) + "1" + new string('}', 500))),
        ("NaN literal", Utf8("{\"limit\": NaN, \"query_vector\": [NaN]}")),
        ("Infinity literal", Utf8("{\"limit\": Infinity, \"vector\": [-Infinity]}")),
        ("NaN as strings", Utf8("{\"limit\": \"NaN\", \"query_vector\": [\"NaN\", \"Infinity\"], \"vectors\": [{\"id\": 1, \"vector\": [\"-Infinity\"]}]}")),
        ("numbers out of range", Utf8("{\"limit\": 1e400, \"depth\": -99999999999999999999, \"query_vector\": [1e39]}")),
        ("wrong types", Utf8("{\"id\": {}, \"text\": 123, \"query\": [], \"limit\": \"ten\", \"vectors\": \"x\", \"label\": 1, \"properties\": [], \"filter\": 3, \"metadata\": \"x\", \"username\": [], \"password\": {}, \"roles\": \"admin\", \"name\": false, \"from_id\": [], \"to_id\": {}, \"type\": 7, \"permits\": \"many\", \"window\": [], \"new_password\": 1, \"current_password\": 2, \"client_id\": 3, \"client_secret\": 4, \"jsonrpc\": 2, \"method\": [], \"params\": \"p\"}")),
        ("other wrong types", Utf8("{\"id\": [1, 2], \"text\": true, \"query\": {\"a\": 1}, \"limit\": 1.5, \"vectors\": {}, \"label\": null, \"properties\": \"p\", \"filter\": [], \"metadata\": [], \"username\": 1, \"password\": null, \"roles\": [1, {}], \"name\": {}, \"from_id\": null, \"to_id\": true, \"type\": [], \"permits\": -5, \"window\": \"forever\", \"jsonrpc\": \"1.0\", \"method\": 5}")),
        ("huge string", Utf8($"{{\"id\": \"huge\", \"text\": \"{HugeString}\", \"query\": \"{HugeString[..200_000]}\", \"label\": \"{HugeString[..200_000]}\", \"username\": \"{HugeString[..100_000]}\"}}")),
        ("huge array", Utf8("{\"query_vector\": [" + string.Join(',', Enumerable.Repeat("0.5", 400_000)) + "], \"vectors\": [" + string.Join(',', Enumerable.Repeat("{}", 200_000)) + "]}")),
        ("over the body limit", Utf8("{\"text\": \"" + new string('y', 5 * 1024 * 1024) + "\"}")),
        ("invalid utf-8", [.. Utf8("{\"id\": \"bad\", \"text\": \""), 0xFF, 0xFE, 0xC3, 0x28, .. Utf8("\", \"query\": \""), 0x80, .. Utf8("\"}")]),
        ("lone surrogate escape", Utf8("{\"id\": \"\\ud800\", \"text\": \"a \\udc00 b\", \"query\": \"\\ud800\", \"label\": \"\\udfff\", \"username\": \"\\ud800\"}")),
        ("lone surrogate as utf-8", [.. Utf8("{\"id\": \"sur\", \"text\": \""), 0xED, 0xA0, 0x80, .. Utf8("\"}")]),
        ("duplicate properties", Utf8("{\"id\": \"dup\", \"id\": 7, \"text\": \"a\", \"text\": {}}")),
        ("injection in fields", Utf8("{\"id\": \"../../etc/passwd\", \"text\": \"\", \"query\": \"\", \"label\": \"' OR 1=1 --\", \"properties\": {\"$where\": {\"a\": 1}}, \"filter\": {\"a\": {\"$ne\": 1}}, \"metadata\": {\"../x\": [[[]]]}}")),
    ];

    private static readonly (string Name, string ContentType, byte[] Body)[] ContentTypes =
    [
        ("text/plain", "text/plain", Utf8("{\"id\": \"a\", \"text\": \"b\"}")),
        ("xml", "application/xml", Utf8("<ingest><id>a</id></ingest>")),
        ("form", "application/x-www-form-urlencoded", Utf8("id=a&text=b")),
        ("multipart without boundary", "multipart/form-data", Utf8("--x\r\n\r\n--x--")),
        ("utf-16 charset on utf-8 bytes", "application/json; charset=utf-16", Utf8("{\"id\": \"a\"}")),
        ("unknown charset", "application/json; charset=klingon", Utf8("{\"id\": \"a\"}")),
        ("garbage media type", "]]]//;;", Utf8("{}")),
    ];

    /// <summary>Query strings: the parameter they break, or null when no route reads it.</summary>
    private static readonly (string Name, string Query, string? Parameter)[] Queries =
    [
        ("negative limit", "limit=-1", "limit"),
        ("zero limit", "limit=0", "limit"),
        ("huge limit", "limit=99999999999", "limit"),
        ("limit not a number", "limit=ten", "limit"),
        ("limit NaN", "limit=NaN", "limit"),
        // MVC binds the first of repeated values, so this one asks for 5 and may be answered.
        ("limit twice", "limit=5&limit=500000", null),
        ("negative depth", "depth=-1", "depth"),
        ("huge depth", "depth=100000", "depth"),
        ("after not a date", "after=yesterday", "after"),
        ("window backwards", "after=9999-12-31T23:59:59Z&before=0001-01-01T00:00:00Z", "before"),
        ("since out of range", "since=99999-01-01", "since"),
        ("bad cursor", "cursor=%FF%FE%00", "cursor"),
        ("unknown state", "state=..%2F..%2Fetc", "state"),
        ("metadata deep", "metadata=" + Uri.EscapeDataString(new string('[', 1000) + new string(']', 1000)), "metadata"),
        ("metadata not json", "metadata=%7Bteam%3A", "metadata"),
        ("unknown level", "level=shouting", "level"),
        ("bad percent-encoding", "%ZZ=%E0%A4%A", null),
        ("long query", "q=" + new string('q', 6000), null),
    ];

    public static IReadOnlyList<HostileRequest> For(IReadOnlyList<HostileRoute> routes)
    {
        var requests = new List<HostileRequest>();
        foreach (var route in routes)
        {
            var first = requests.Count;
            var path = Fill(route, null, null);
            var json = route.TakesBody ? Utf8("{}") : null;

            foreach (var parameter in route.PathParameters)
            {
                foreach (var (name, value) in PathValues)
                {
                    requests.Add(new($"path {parameter}: {name}", route.Method, Fill(route, parameter, value), json, json is null ? null : "application/json", [], MustRefuse: !route.IsPage));
                }
            }

            if (route.TakesBody)
            {
                requests.AddRange(Bodies.Select(b => new HostileRequest($"body: {b.Name}", route.Method, path, b.Body, "application/json", [], MustRefuse: true)));
                requests.AddRange(ContentTypes.Select(c => new HostileRequest($"content type: {c.Name}", route.Method, path, c.Body, c.ContentType, [], MustRefuse: true)));
                requests.Add(new("body without content type", route.Method, path, Utf8("{\"id\": \"a\"}"), null, [], MustRefuse: true));
            }

            requests.AddRange(Queries.Select(q => new HostileRequest(
                $"query: {q.Name}", route.Method, $"{path}?{q.Query}", json, json is null ? null : "application/json", [],
                MustRefuse: q.Parameter is not null && route.QueryParameters.Contains(q.Parameter))));

            requests.Add(new("two bearer tokens", route.Method, path, json, json is null ? null : "application/json", [new("Authorization", "Bearer a.b.c"), new("Authorization", "Bearer d.e.f")], MustRefuse: false, Anonymous: true));
            requests.Add(new("garbage bearer token", route.Method, path, json, json is null ? null : "application/json", [new("Authorization", "Bearer " + new string('.', 16_000))], MustRefuse: false, Anonymous: true));
            requests.Add(new("hostile correlation id", route.Method, path, json, json is null ? null : "application/json", [new("X-Correlation-ID", "../../\"'<script>" + new string('c', 2000))], MustRefuse: false));
            requests.Add(new("duplicated headers", route.Method, path, json, json is null ? null : "application/json", [new("X-Correlation-ID", "one"), new("X-Correlation-ID", "two"), new("Accept", "application/json"), new("Accept", "text/html;q=0.1")], MustRefuse: false));
            requests.Add(new("garbage accept", route.Method, path, json, json is null ? null : "application/json", [new("Accept", "*/*;q=nonsense, ;;;")], MustRefuse: false));
            for (var i = first; i < requests.Count; i++)
            {
                requests[i] = requests[i] with { Page = route.IsPage };
            }

            if (route.IsMcp)
            {
                // An MCP client accepts both; without them the transport refuses before it reads the body.
                for (var i = first; i < requests.Count; i++)
                {
                    requests[i] = requests[i] with { Mcp = true, Headers = [new("Accept", "application/json, text/event-stream"), .. requests[i].Headers] };
                }
            }
        }

        return requests;
    }

    private static string Fill(HostileRoute route, string? hostileParameter, string? hostileValue)
    {
        var path = route.Template;
        foreach (var parameter in route.PathParameters)
        {
            var value = parameter == hostileParameter ? hostileValue! : "hostile-probe";
            path = System.Text.RegularExpressions.Regex.Replace(path, $@"\{{\*{{0,2}}{parameter}(:[^}}]+)?\??\}}", value.Replace("$", "$$", StringComparison.Ordinal));
        }

        return "/" + path.TrimStart('/');
    }

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
