using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace RagMemory.Tests.Api;

/// <summary>An MCP tool spends from the rate-limit policy of the route it mirrors: recall from search, as POST /hybrid/search.</summary>
public sealed class McpRateLimitTests : IAsyncLifetime
{
    private const int SearchLimit = 2;
    private readonly RagMemoryApiFactory _factory = new();

    public Task InitializeAsync()
    {
        _factory.Settings["RateLimiting:Policies:search:PermitLimit"] = SearchLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _factory.Settings["RateLimiting:Policies:search:WindowSeconds"] = "3600";
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Recall_beyond_the_search_permit_limit_is_a_429_tool_error_and_the_http_route_is_limited_too()
    {
        var http = await _factory.CreateClientAsync();
        var transport = new HttpClientTransport(new HttpClientTransportOptions { Endpoint = new Uri(http.BaseAddress!, "/mcp"), TransportMode = HttpTransportMode.StreamableHttp }, http, null, false);
        await using var client = await McpClient.CreateAsync(transport);

        var results = new List<CallToolResult>();
        for (var i = 0; i < SearchLimit + 1; i++)
        {
            results.Add(await client.CallToolAsync("recall", new Dictionary<string, object?> { ["query"] = "anything" }));
        }

        Assert.All(results.Take(SearchLimit), r => Assert.NotEqual(true, r.IsError));
        Assert.True(results[^1].IsError);
        Assert.Contains(": 429 ·", string.Concat(results[^1].Content.OfType<TextContentBlock>().Select(t => t.Text)), StringComparison.Ordinal);
        var route = await http.PostAsync("/hybrid/search", System.Net.Http.Json.JsonContent.Create(new { query = "anything" }));
        Assert.Equal(System.Net.HttpStatusCode.TooManyRequests, route.StatusCode);
    }
}
