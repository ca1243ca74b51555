using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Controllers;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace RagMemory.Tests.Api;

/// <summary>
/// Hostile input over real HTTP: the portal on Kestrel (not the test server, so Kestrel's own refusals are seen too),
/// every route read from the app's endpoint list, a corpus of malformed requests against each. Every answer the app
/// gives is a 4xx problem-details body (or, where the request is not malformed for that route, a success), never a
/// 5xx, never a hang. What Kestrel refuses before the app sees it is listed in <see cref="KestrelRefusals"/>
/// (and in docs/security.md).
/// </summary>
public sealed class HostileInputTests : IAsyncLifetime
{
    private static readonly TimeSpan PerRequest = TimeSpan.FromSeconds(30);
    private readonly RagMemoryApiFactory _factory = new();
    private Uri _address = default!;

    public Task InitializeAsync()
    {
        _factory.UseKestrel(FreePort());
        _factory.StartServer();
        _address = _factory.ClientOptions.BaseAddress;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Every_route_answers_every_malformed_request_with_a_4xx_problem_never_a_5xx_nor_a_hang()
    {
        var routes = Routes();
        var listed = string.Join(", ", routes.Select(r => $"{r.Method} {r.Template}"));
        Assert.True(routes.Any(r => r.Method == "POST" && r.Template.TrimEnd('/') == "ingest" && r.TakesBody), listed);
        Assert.True(routes.Any(r => r.Method == "GET" && r.Template.StartsWith("graph/node/{id", StringComparison.Ordinal)), listed);
        Assert.True(routes.Any(r => r.Method == "POST" && r.Template.StartsWith("mcp", StringComparison.Ordinal) && r.TakesBody), listed);
        var corpus = HostileCorpus.For(routes);
        Assert.True(corpus.Count >= 300, $"the corpus has {corpus.Count} requests");

        using var admin = await ClientAsync(signedIn: true);
        using var anonymous = await ClientAsync(signedIn: false);
        var failures = new List<(HostileRequest Request, string Failure)>();
        var statuses = new Dictionary<int, int>();
        foreach (var request in corpus)
        {
            var answer = await SendAsync(request.Anonymous ? anonymous : admin, request);
            statuses[answer.Status] = statuses.GetValueOrDefault(answer.Status) + 1;
            if (Judge(request, answer) is { } failure)
            {
                failures.Add((request, failure));
            }
        }

        Assert.True(
            failures.Count == 0,
            $"{failures.Count} of {corpus.Count} requests over {routes.Count} routes were answered wrongly; by kind, with the first of each:{Environment.NewLine}"
            + string.Join(Environment.NewLine, failures.GroupBy(f => f.Request.Name).Select(g => $"{g.Count()} × {g.First().Request}: {g.First().Failure}")));

        // The corpus reaches the app's refusals, not just one kind of them.
        Assert.True(statuses.GetValueOrDefault(400) > 100, string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value}")));
        Assert.True(statuses.ContainsKey(404) && statuses.ContainsKey(413) && statuses.ContainsKey(415), string.Join(", ", statuses.Select(s => $"{s.Key}: {s.Value}")));
    }

    /// <summary>
    /// Requests Kestrel refuses before any middleware of ours runs: these answers carry no problem body because the app
    /// never sees them. The list is the documented exception to "every answer is problem details" (docs/security.md).
    /// </summary>
    public static TheoryData<string, string, int> KestrelRefusals => new()
    {
        { "a header over 32 KB (MaxRequestHeadersTotalSize)", $"GET /health/live HTTP/1.1\r\nHost: localhost\r\nX-Big: {new string('h', 40 * 1024)}\r\n\r\n", 431 },
        { "more than 100 headers (MaxRequestHeaderCount)", $"GET /health/live HTTP/1.1\r\nHost: localhost\r\n{string.Concat(Enumerable.Range(0, 120).Select(i => $"X-H{i}: v\r\n"))}\r\n", 431 },
        { "a request line over 8 KB (MaxRequestLineSize)", $"GET /ingest/{new string('a', 9000)} HTTP/1.1\r\nHost: localhost\r\n\r\n", 414 },
        { "a request line that is not HTTP", "GARBAGE\r\n\r\n", 400 },
        { "a method with a space in it", "GE T /health/live HTTP/1.1\r\nHost: localhost\r\n\r\n", 400 },
        { "an unknown HTTP version", "GET /health/live HTTP/9.9\r\nHost: localhost\r\n\r\n", 505 },
        { "no Host header in HTTP/1.1", "GET /health/live HTTP/1.1\r\n\r\n", 400 },
        { "two different Content-Length headers", "POST /ingest/ HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 5\r\n\r\n{}", 400 },
        { "a Content-Length that is not a number", "POST /ingest/ HTTP/1.1\r\nHost: localhost\r\nContent-Length: many\r\n\r\n{}", 400 },
        { "a header line without a colon", "GET /health/live HTTP/1.1\r\nHost: localhost\r\nNoColonHere\r\n\r\n", 400 },
        { "a NUL byte in a header value", "GET /health/live HTTP/1.1\r\nHost: localhost\r\nX-Nul: a\0b\r\n\r\n", 400 },
        { "a NUL byte percent-encoded in the path", "GET /ingest/%00 HTTP/1.1\r\nHost: localhost\r\n\r\n", 400 },
        { "a raw byte 0xFF in the path", "GET /ingest/\u00FF\u00FE HTTP/1.1\r\nHost: localhost\r\n\r\n", 400 },
    };

    [Theory]
    [MemberData(nameof(KestrelRefusals))]
    public async Task Kestrel_refuses_what_the_app_never_sees_with_a_bare_status(string what, string request, int expected)
    {
        var answer = await RawAsync(Encoding.Latin1.GetBytes(request));

        Assert.True(answer.Status == expected, $"{what}: expected {expected}, got {answer.Status}: {answer.Head}");
        Assert.DoesNotContain("application/problem+json", answer.Head, StringComparison.OrdinalIgnoreCase);

        // The correlation id is the first thing the app adds to an answer: without it, no middleware of ours ran.
        Assert.DoesNotContain("X-Correlation-ID", answer.Head, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_header_under_Kestrels_limits_reaches_the_app_and_gets_its_problem()
    {
        var answer = await RawAsync(Encoding.Latin1.GetBytes($"GET /ingest/x HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\nX-Big: {new string('h', 16 * 1024)}\r\n\r\n"));

        Assert.Equal(401, answer.Status);
        Assert.Contains("application/problem+json", answer.Head, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A broken chunked body is found only when the app reads it, so Kestrel's refusal reaches the app's error handler.</summary>
    [Fact]
    public async Task A_chunked_body_with_a_bad_chunk_size_is_a_400_problem()
    {
        var answer = await RawAsync(Encoding.Latin1.GetBytes("POST /auth/token HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n"));

        Assert.Equal(400, answer.Status);
        Assert.Contains("application/problem+json", answer.Head, StringComparison.OrdinalIgnoreCase);
    }

    private static string? Judge(HostileRequest request, Answer answer)
    {
        if (answer.Hung)
        {
            return $"no answer within {PerRequest.TotalSeconds} s";
        }

        if (answer.Status >= 500)
        {
            return $"{answer.Status}: {Shorten(answer.Body)}";
        }

        if (answer.Status < 400)
        {
            return request.MustRefuse ? $"{answer.Status} for a malformed request" : null;
        }

        if (request.Mcp && answer.ContentType == "application/json")
        {
            return McpError(answer);
        }

        if (request.Page && answer.Status == 400 && answer.ContentType == "text/html" && answer.Body.Contains("antiforgery token", StringComparison.Ordinal))
        {
            // The one listed exception among the app's answers (docs/security.md): Blazor refuses a form post to a page
            // without its antiforgery token with a text of its own. Pages are for browsers; no data is behind the post.
            return null;
        }

        if (request.PathAndQuery.StartsWith("/_blazor?", StringComparison.Ordinal) || request.PathAndQuery == "/_blazor")
        {
            // Listed too: the circuit's SignalR endpoint answers a GET without a connection id in its protocol's plain
            // text ("Connection ID required"); only Blazor's own script calls it.
            return answer.Status == 400 && answer.Body == "Connection ID required" ? null : $"{answer.Status} from the circuit endpoint: {Shorten(answer.Body)}";
        }

        if (answer.ContentType != "application/problem+json")
        {
            return $"{answer.Status} with content type '{answer.ContentType}' instead of a problem: {Shorten(answer.Body)}";
        }

        try
        {
            using var problem = JsonDocument.Parse(answer.Body);
            return problem.RootElement.TryGetProperty("status", out var status) && status.GetInt32() == answer.Status
                ? null
                : $"{answer.Status} whose problem does not name that status: {Shorten(answer.Body)}";
        }
        catch (JsonException)
        {
            return $"{answer.Status} whose problem body is not JSON: {Shorten(answer.Body)}";
        }
    }

    /// <summary>
    /// The MCP transport answers a message it cannot take its protocol's way: a JSON-RPC error object, which MCP clients
    /// read (docs/security.md). What our policies refuse before it (401, 413, 415) is a problem as everywhere.
    /// </summary>
    private static string? McpError(Answer answer)
    {
        try
        {
            using var message = JsonDocument.Parse(answer.Body);
            return message.RootElement.TryGetProperty("error", out var error) && error.TryGetProperty("message", out _)
                ? null
                : $"{answer.Status} from MCP without a JSON-RPC error: {Shorten(answer.Body)}";
        }
        catch (JsonException)
        {
            return $"{answer.Status} from MCP whose body is not JSON: {Shorten(answer.Body)}";
        }
    }

    private static string Shorten(string text) => text.Length > 300 ? text[..300] + "…" : text;

    private async Task<Answer> SendAsync(HttpClient client, HostileRequest hostile)
    {
        using var request = new HttpRequestMessage(new HttpMethod(hostile.Method), new Uri(hostile.PathAndQuery, UriKind.Relative));
        if (hostile.Body is not null)
        {
            request.Content = new ByteArrayContent(hostile.Body);
            if (hostile.ContentType is not null)
            {
                request.Content.Headers.TryAddWithoutValidation("Content-Type", hostile.ContentType);
            }
        }

        if (hostile.Headers.Any(h => h.Key == "Accept"))
        {
            request.Headers.Accept.Clear();
        }

        foreach (var (name, value) in hostile.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var timeout = new CancellationTokenSource(PerRequest);
        try
        {
            using var response = await client.SendAsync(request, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            return new Answer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, Hung: false);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            return new Answer(0, null, string.Empty, Hung: true);
        }
    }

    private async Task<HttpClient> ClientAsync(bool signedIn)
    {
        var client = new HttpClient { BaseAddress = _address, Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (signedIn)
        {
            var token = await client.PostAsJsonAsync("/auth/token", new { username = "admin", password = RagMemoryApiFactory.AdminPassword });
            token.EnsureSuccessStatusCode();
            var accessToken = (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", accessToken);
        }

        return client;
    }

    /// <summary>Writes bytes to the server as they are and reads the answer until the server closes or sends it whole.</summary>
    private async Task<RawAnswer> RawAsync(byte[] request)
    {
        // The server closes the connection after its answer, so the answer is everything read until then.
        request = Encoding.Latin1.GetBytes(Encoding.Latin1.GetString(request).Replace("Host: localhost\r\n", "Host: localhost\r\nConnection: close\r\n", StringComparison.Ordinal));
        using var timeout = new CancellationTokenSource(PerRequest);
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(_address.Host, _address.Port, timeout.Token);
        var stream = tcp.GetStream();
        try
        {
            await stream.WriteAsync(request, timeout.Token);
        }
        catch (IOException)
        {
            // Kestrel may answer and close before it has read all of an oversized request; the answer is still there.
        }

        var received = new MemoryStream();
        var buffer = new byte[8192];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
                if (HeadEnds(received) is { } head && Encoding.Latin1.GetString(received.ToArray(), 0, head).Contains("Content-Length: 0", StringComparison.OrdinalIgnoreCase))
                {
                    break;
                }
            }
        }
        catch (IOException)
        {
            // A reset after the answer: what was read is the answer.
        }

        var text = Encoding.Latin1.GetString(received.ToArray());
        var statusLine = text.Split("\r\n")[0];
        var status = statusLine.Split(' ') is [_, var code, ..] && int.TryParse(code, out var parsed) ? parsed : 0;
        return new RawAnswer(status, HeadEnds(received) is { } end ? text[..end] : text);
    }

    private static int? HeadEnds(MemoryStream received)
    {
        var index = Encoding.Latin1.GetString(received.ToArray()).IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return index < 0 ? null : index;
    }

    /// <summary>Every route of the app, with what it reads: path parameters, a JSON body, query parameters.</summary>
    private List<HostileRoute> Routes()
    {
        var endpoints = _factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>();
        var routes = new List<HostileRoute>();
        foreach (var endpoint in endpoints)
        {
            var pattern = endpoint.RoutePattern;
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            var action = endpoint.Metadata.GetMetadata<ControllerActionDescriptor>();
            // Blazor's pages and Scalar's reference page answer browsers with HTML: see PageAnswer.
            var isPage = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata>() is not null
                || pattern.RawText?.TrimStart('/').StartsWith("api-reference", StringComparison.Ordinal) == true;
            var takesBody = action?.Parameters.Any(p => p.BindingInfo?.BindingSource == BindingSource.Body) ?? false;
            var query = action?.Parameters.Where(p => p.BindingInfo?.BindingSource == BindingSource.Query).Select(p => p.BindingInfo?.BinderModelName ?? p.Name).ToList() ?? [];
            var isMcp = pattern.RawText?.TrimStart('/').StartsWith("mcp", StringComparison.Ordinal) == true;
            foreach (var method in methods.Where(m => m is "GET" or "POST" or "PUT" or "DELETE"))
            {
                routes.Add(new HostileRoute(
                    method,
                    (pattern.RawText ?? string.Empty).TrimStart('/'),
                    [.. pattern.Parameters.Select(p => p.Name)],
                    takesBody || (isMcp && method == "POST"),
                    query,
                    isPage,
                    isMcp));
            }
        }

        return [.. routes.DistinctBy(r => (r.Method, r.Template))];
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private sealed record Answer(int Status, string? ContentType, string Body, bool Hung);

    private sealed record RawAnswer(int Status, string Head);
}
