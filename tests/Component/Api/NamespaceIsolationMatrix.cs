using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using RagMemory.Identity;

namespace RagMemory.Tests.Api;

/// <summary>
/// The isolation matrix: every read route and every MCP read tool, asked by callers of namespace team-a, of team-b and
/// of both, for each namespace. Both namespaces hold the same ids (an event, a client vector) with different content,
/// each marked with its owner; a caller that may read a namespace gets its data and none of the other's, a caller that
/// may not gets a 403 naming the namespace. Run per engine set by its subclasses.
/// </summary>
public abstract class NamespaceIsolationMatrix
{
    private const string A = "team-a";
    private const string B = "team-b";

    private static readonly Dictionary<string, string[]> Markers = new()
    {
        [A] = ["owner-a", "Zorblax", "team-a"],
        [B] = ["owner-b", "Vexmoor", "team-b"],
    };

    private static readonly Dictionary<string, string> Texts = new()
    {
        [A] = "Zorblax Quintessa founded the Aurora lab in Tromso to study the northern lights.",
        [B] = "Vexmoor Kildare founded the Borealis lab in Bergen to study the northern lights.",
    };

    protected abstract RagMemoryApiFactory Factory { get; }

    [Fact]
    public async Task No_read_route_or_tool_returns_anything_from_a_namespace_the_caller_may_not_read()
    {
        var admin = await Factory.CreateClientAsync();
        var callers = new Dictionary<string, (HttpClient Http, string[] Reads)>
        {
            ["alice (team-a)"] = (await ClientAsync(admin, Roles.Writer, [A], [A]), [A]),
            ["bob (team-b)"] = (await ClientAsync(admin, Roles.Writer, [B], [B]), [B]),
            ["carol (reads both)"] = (await ClientAsync(admin, Roles.Reader, [A, B], []), [A, B]),
        };
        var nodes = new Dictionary<string, string>();
        foreach (var (ns, writer) in new[] { (A, callers["alice (team-a)"].Http), (B, callers["bob (team-b)"].Http) })
        {
            nodes[ns] = await SeedAsync(writer, ns);
        }

        var problems = new List<string>();
        foreach (var (name, (http, reads)) in callers)
        {
            await using var mcp = await McpAsync(http);
            foreach (var ns in new[] { A, B })
            {
                var other = ns == A ? B : A;
                var mayRead = reads.Contains(ns);
                foreach (var (route, send) in ReadRoutes(ns, nodes[ns]))
                {
                    var response = await send(http);
                    var body = await response.Content.ReadAsStringAsync();
                    Judge(problems, $"{name} {route} in {ns}", mayRead, ns, other, (int)response.StatusCode, body);
                }

                foreach (var (tool, arguments) in ReadTools(ns))
                {
                    var result = await mcp.CallToolAsync(tool, arguments);
                    var text = string.Concat(result.Content.OfType<TextContentBlock>().Select(t => t.Text));
                    var status = result.IsError == true ? (text.Contains(": 403 ·", StringComparison.Ordinal) ? 403 : 500) : 200;
                    Judge(problems, $"{name} MCP {tool} in {ns}", mayRead, ns, other, status, text);
                }

                if (mayRead)
                {
                    // An id of the other namespace is not found here, even to a caller who may read both.
                    var crossNode = await http.GetAsync($"/graph/node/{nodes[other]}/neighbors?namespace={ns}");
                    Expect(problems, $"{name} neighbours of {other}'s node in {ns}", HttpStatusCode.NotFound, crossNode.StatusCode);
                    var crossEvent = await http.GetAsync($"/ingest/iso-only-{other}?namespace={ns}");
                    Expect(problems, $"{name} status of {other}'s own event in {ns}", HttpStatusCode.NotFound, crossEvent.StatusCode);
                }
            }

            // Without a namespace a request is in 'default', which none of these callers may read.
            var unnamed = await http.PostAsJsonAsync("/hybrid/search", new { query = "northern lights lab", limit = 10 });
            Expect(problems, $"{name} hybrid search without a namespace", HttpStatusCode.Forbidden, unnamed.StatusCode);
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public async Task A_writer_may_not_write_a_namespace_it_may_only_read_nor_one_it_was_not_given()
    {
        var admin = await Factory.CreateClientAsync();
        var reader = await ClientAsync(admin, Roles.Writer, [A, B], [A]);

        var refused = await reader.PostAsJsonAsync("/ingest/", new { id = "iso-refused", text = "Not to be stored anywhere.", @namespace = B });
        var refusedVectors = await reader.PostAsJsonAsync("/memory/upsert", new { @namespace = "team-c", vectors = new[] { new { id = "x", vector = UnitVector(0), payload = new { } } } });
        var refusedDelete = await reader.DeleteAsync($"/ingest/iso-refused?namespace={B}");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("may not write namespace 'team-b'", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, refusedVectors.StatusCode);
        Assert.Contains("'team-c'", await refusedVectors.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, refusedDelete.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_bad_namespace_name_is_a_400_problem_naming_the_field()
    {
        var admin = await Factory.CreateClientAsync();

        var response = await admin.PostAsJsonAsync("/hybrid/search", new { query = "anything", @namespace = "Not/A/Namespace" });
        var listed = await admin.GetAsync("/ingest?namespace=UPPER");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("\"namespace\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, listed.StatusCode);
    }

    private static void Judge(List<string> problems, string what, bool mayRead, string ns, string other, int status, string body)
    {
        if (!mayRead)
        {
            if (status != 403 || !body.Contains($"'{ns}'", StringComparison.Ordinal))
            {
                problems.Add($"{what}: expected a 403 naming '{ns}', got {status}: {Shorten(body)}");
            }

            return;
        }

        if (status != 200)
        {
            problems.Add($"{what}: expected 200, got {status}: {Shorten(body)}");
        }
        else if (Markers[other].FirstOrDefault(m => body.Contains(m, StringComparison.Ordinal)) is { } leaked)
        {
            problems.Add($"{what}: LEAK of {other}'s '{leaked}': {Shorten(body)}");
        }
        else if (!Markers[ns].Any(m => body.Contains(m, StringComparison.Ordinal)))
        {
            problems.Add($"{what}: its own data is missing: {Shorten(body)}");
        }
    }

    private static void Expect(List<string> problems, string what, HttpStatusCode expected, HttpStatusCode actual)
    {
        if (expected != actual)
        {
            problems.Add($"{what}: expected {(int)expected}, got {(int)actual}");
        }
    }

    private static string Shorten(string body) => body.Length > 300 ? body[..300] + "…" : body;

    /// <summary>Every read route of the API, in namespace <paramref name="ns"/>.</summary>
    private static IEnumerable<(string Route, Func<HttpClient, Task<HttpResponseMessage>> Send)> ReadRoutes(string ns, string node) =>
    [
        ("POST /hybrid/search", c => c.PostAsJsonAsync("/hybrid/search", new { query = "Who founded the lab to study the northern lights?", limit = 10, @namespace = ns })),
        ("POST /hybrid/generate", c => c.PostAsJsonAsync("/hybrid/generate", new { query = "Who founded the lab to study the northern lights?", @namespace = ns })),
        ("POST /memory/search (vector)", c => c.PostAsJsonAsync("/memory/search", new { query_vector = UnitVector(0), limit = 10, @namespace = ns })),
        ("POST /memory/search (text)", c => c.PostAsJsonAsync("/memory/search", new { query = "founded the lab northern lights", limit = 10, @namespace = ns })),
        ("POST /graph/node/find (client node)", c => c.PostAsJsonAsync("/graph/node/find", new { label = "IsoProbe", @namespace = ns })),
        ("POST /graph/node/find (entities)", c => c.PostAsJsonAsync("/graph/node/find", new { label = "Entity", limit = 100, @namespace = ns })),
        ("GET /graph/node/{id}/neighbors", c => c.GetAsync($"/graph/node/{node}/neighbors?namespace={ns}")),
        ("GET /ingest", c => c.GetAsync($"/ingest?namespace={ns}")),
        ("GET /ingest/{id}", c => c.GetAsync($"/ingest/iso-only-{ns}?namespace={ns}")),
        ("POST /memory/collection/info", c => c.PostAsync($"/memory/collection/info?namespace={ns}", null)),
    ];

    private static IEnumerable<(string Tool, Dictionary<string, object?> Arguments)> ReadTools(string ns) =>
    [
        ("recall", new() { ["query"] = "Who founded the lab to study the northern lights?", ["namespace"] = ns }),
        ("ask", new() { ["query"] = "Who founded the lab to study the northern lights?", ["namespace"] = ns }),
        ("get_memory", new() { ["id"] = "iso-shared", ["namespace"] = ns }),
        ("list_memories", new() { ["namespace"] = ns }),
        ("ingestion_status", new() { ["id"] = $"iso-only-{ns}", ["namespace"] = ns }),
    ];

    /// <summary>The same event id and vector id in both namespaces with each one's text, an event of its own, and a client node; returns the node's id.</summary>
    private static async Task<string> SeedAsync(HttpClient writer, string ns)
    {
        var owner = Markers[ns][0];
        (await writer.PostAsJsonAsync("/ingest/", new { id = "iso-shared", text = Texts[ns], metadata = new { owner }, @namespace = ns })).EnsureSuccessStatusCode();
        (await writer.PostAsJsonAsync("/ingest/", new { id = $"iso-only-{ns}", text = $"{Markers[ns][1]} keeps a notebook of auroras.", metadata = new { owner }, @namespace = ns })).EnsureSuccessStatusCode();
        (await writer.PostAsJsonAsync("/memory/upsert", new { @namespace = ns, vectors = new[] { new { id = "iso-vector", vector = UnitVector(0), payload = new { owner } } } })).EnsureSuccessStatusCode();
        var node = await writer.PostAsJsonAsync("/graph/node", new { label = "IsoProbe", properties = new { owner }, @namespace = ns });
        node.EnsureSuccessStatusCode();
        var probe = (await node.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var neighbour = await writer.PostAsJsonAsync("/graph/node", new { label = "IsoProbe", properties = new { owner, role = "neighbour" }, @namespace = ns });
        var neighbourId = (await neighbour.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        (await writer.PostAsJsonAsync("/graph/relationship", new { from_id = probe, to_id = neighbourId, type = "NEAR", properties = new { }, @namespace = ns })).EnsureSuccessStatusCode();
        foreach (var id in new[] { "iso-shared", $"iso-only-{ns}" })
        {
            await DoneAsync(writer, id, ns);
        }

        return probe;
    }

    private static async Task DoneAsync(HttpClient client, string id, string ns)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            var status = await client.GetFromJsonAsync<JsonElement>($"/ingest/{id}?namespace={ns}");
            if (status.GetProperty("status").GetString() == "done")
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"Event {id} in {ns} was not done within 60 s.");
    }

    private async Task<HttpClient> ClientAsync(HttpClient admin, string role, string[] read, string[] write)
    {
        var username = $"ns-{Guid.NewGuid():N}"[..16];
        const string password = "a-long-test-password";
        var created = await admin.PostAsJsonAsync("/admin/accounts", new { username, password, roles = new[] { role }, namespaces = new { read, write } });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        return await Factory.CreateClientAsync(username, password);
    }

    private static async Task<McpClient> McpAsync(HttpClient http) =>
        await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions { Endpoint = new Uri(http.BaseAddress!, "/mcp"), TransportMode = HttpTransportMode.StreamableHttp }, http, ownsHttpClient: false));

    private static float[] UnitVector(int axis)
    {
        var vector = new float[384];
        vector[axis] = 1;
        return vector;
    }
}
