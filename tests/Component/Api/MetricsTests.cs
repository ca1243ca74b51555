using System.Net;
using System.Net.Http.Json;

namespace RagMemory.Tests.Api;

public sealed class MetricsTests(RagMemoryApiFactory factory) : IClassFixture<RagMemoryApiFactory>
{
    [Fact]
    public async Task Metrics_are_prometheus_text_with_limiter_breaker_backend_queue_and_request_series()
    {
        var client = await factory.CreateClientAsync();
        await client.PostAsJsonAsync("/ingest/", new { id = "metered", text = "Katherine Johnson computed orbital trajectories." });
        await Eventually.DoneAsync(client, "metered");
        await client.PostAsync("/admin/breakers/graph_store/isolate", null);
        await client.PostAsync("/admin/breakers/graph_store/reset", null);

        var response = await factory.CreateClient().GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("ragmemory_rate_limit_requests_total{", text, StringComparison.Ordinal);
        Assert.Contains("policy=\"ingest\"", text, StringComparison.Ordinal);
        Assert.Contains("ragmemory_breaker_transitions_total{", text, StringComparison.Ordinal);
        Assert.Contains("state=\"isolated\"", text, StringComparison.Ordinal);
        Assert.Contains("ragmemory_backend_call_duration_milliseconds_bucket{", text, StringComparison.Ordinal);
        Assert.Contains("backend=\"embedder\"", text, StringComparison.Ordinal);
        Assert.Contains("ragmemory_ingestion_queue_events{", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
    }
}
