using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using RagMemory.Resilience;
using RagMemory.Tests.Api;
using RagMemory.Tests.Resilience;

namespace RagMemory.Tests.Ingestion;

/// <summary>
/// Ingestion cannot take work without bound: with the embedder failing, nothing finishes, the queue fills to
/// <c>Ingestion:MaxQueueDepth</c>, and the next submission (API or MCP) is a 503 with Retry-After that stores nothing.
/// Once the embedder recovers and the queue drains, every accepted event is done and submissions are taken again.
/// </summary>
public sealed class BackpressureTests : IAsyncLifetime
{
    private const int MaxDepth = 4;
    private readonly RagMemoryApiFactory _factory = new();
    private FaultSwitch _embedder = default!;

    public Task InitializeAsync()
    {
        _factory.Settings["Ingestion:MaxQueueDepth"] = MaxDepth.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _factory.Settings["Ingestion:QueueFullRetryAfter"] = "00:00:07";

        // Failed events stay in the queue (retried, never dead-lettered) and come back quickly once the embedder works.
        _factory.Settings["Ingestion:MaxAttempts"] = "10000";
        _factory.Settings["Ingestion:RetryMaxDelay"] = "00:00:00.200";
        _embedder = _factory.Inject(Backends.Embedder, TimeSpan.FromSeconds(5));
        _embedder.Mode = FaultMode.Fail;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task A_full_queue_refuses_with_503_and_Retry_After_loses_nothing_accepted_and_accepts_again_once_drained()
    {
        var client = await _factory.CreateClientAsync();
        for (var i = 0; i < MaxDepth; i++)
        {
            var accepted = await client.PostAsJsonAsync("/ingest/", new { id = $"held-{i}", text = $"Held event {i} about the Difference Engine." });
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        var refused = await client.PostAsJsonAsync("/ingest/", new { id = "one-too-many", text = "Refused while the queue is full." });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(7), refused.Headers.RetryAfter?.Delta);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.Contains("ingestion queue is full", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/ingest/one-too-many")).StatusCode);

        await using (var mcp = await ConnectMcpAsync(client))
        {
            var remembered = await mcp.CallToolAsync("remember", new Dictionary<string, object?> { ["id"] = "mcp-too-many", ["text"] = "Refused as well." });
            Assert.True(remembered.IsError);
            Assert.Contains("503 · The ingestion queue is full", string.Concat(remembered.Content.OfType<TextContentBlock>().Select(t => t.Text)), StringComparison.Ordinal);
        }

        _embedder.Mode = FaultMode.Pass;
        for (var i = 0; i < MaxDepth; i++)
        {
            await Eventually.DoneAsync(client, $"held-{i}", timeoutSeconds: 120);
        }

        var again = await client.PostAsJsonAsync("/ingest/", new { id = "one-too-many", text = "Refused while the queue is full." });
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        await Eventually.DoneAsync(client, "one-too-many", timeoutSeconds: 120);
        var hits = await client.PostAsJsonAsync("/hybrid/search", new { query = "Held event about the Difference Engine", limit = 10 });
        var found = (await hits.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results").EnumerateArray().Select(r => r.GetProperty("event_id").GetString()).ToHashSet();
        Assert.All(Enumerable.Range(0, MaxDepth), i => Assert.Contains($"held-{i}", found));
    }

    private static async Task<McpClient> ConnectMcpAsync(HttpClient http)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions { Endpoint = new Uri(http.BaseAddress!, "/mcp"), TransportMode = HttpTransportMode.StreamableHttp }, http, null, false);
        return await McpClient.CreateAsync(transport);
    }
}
