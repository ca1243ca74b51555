using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using RagMemory.Resilience;
using RagMemory.Tests.Api;

namespace RagMemory.Tests.Resilience;

public sealed class BackendFailureTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(1);

    public static TheoryData<string> AllBackends => [.. Backends.All];

    [Theory]
    [MemberData(nameof(AllBackends))]
    public async Task A_failing_backend_gives_502_then_503_fast_once_its_breaker_opens_then_recovers(string backend)
    {
        await using var factory = new RagMemoryApiFactory();
        var faults = factory.Inject(backend, Timeout);

        // The event store's breaker counts the worker's successful calls at start, and no longer the bus's: with three
        // calls it would open between the retries of the first request, which must show the backend's own 502.
        factory.Settings[$"Resilience:Backends:{backend}:MinimumThroughput"] = "5";

        // The bus's breaker also counts the worker's failed receives and hand-backs (every 50 ms here, and no empty
        // receive counts as a success against them): with five calls it could open before the first request is answered.
        if (backend == Backends.EventBus)
        {
            factory.Settings[$"Resilience:Backends:{backend}:MinimumThroughput"] = "50";
        }
        var client = await factory.CreateClientAsync();
        faults.Mode = FaultMode.Fail;

        var first = await CallAsync(client, backend);
        Assert.Equal(HttpStatusCode.BadGateway, first.StatusCode);
        Assert.Equal("application/problem+json", first.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("Injected", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var open = await PollAsync(() => CallAsync(client, backend), r => r.StatusCode == HttpStatusCode.ServiceUnavailable);
        Assert.NotNull(open.Headers.RetryAfter);
        faults.ResetCalls();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await CallAsync(client, backend)).StatusCode);
        Assert.Equal(0, faults.Calls);

        faults.Mode = FaultMode.Pass;
        var recovered = await PollAsync(() => CallAsync(client, backend), r => r.IsSuccessStatusCode);
        Assert.True(recovered.IsSuccessStatusCode);
        var breakers = await client.GetFromJsonAsync<JsonElement>("/admin/breakers");
        var breaker = breakers.GetProperty("breakers").EnumerateArray().Single(b => b.GetProperty("name").GetString() == backend);
        Assert.Equal("closed", breaker.GetProperty("state").GetString());
        Assert.Contains("IOException", breaker.GetProperty("last_error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stalled_backend_gives_504_after_its_timeout()
    {
        await using var factory = new RagMemoryApiFactory();
        var faults = factory.Inject(Backends.GraphStore, TimeSpan.FromMilliseconds(300));
        var client = await factory.CreateClientAsync();
        faults.Mode = FaultMode.Stall;

        var response = await client.PostAsJsonAsync("/graph/node", new { label = "Thing", properties = new { } });

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal(1, faults.Calls);
    }

    [Fact]
    public async Task Idempotent_reads_are_retried_and_creates_are_not()
    {
        await using var factory = new RagMemoryApiFactory();
        factory.Settings["Resilience:Backends:graph_store:RetryAttempts"] = "2";
        var faults = factory.Inject(Backends.GraphStore, Timeout);
        factory.Settings["Resilience:Backends:graph_store:MinimumThroughput"] = "100";
        var client = await factory.CreateClientAsync();
        faults.Mode = FaultMode.Fail;

        await client.PostAsJsonAsync("/graph/node/find", new { label = "Thing" });
        Assert.Equal(3, faults.Calls);
        faults.ResetCalls();
        await client.PostAsJsonAsync("/graph/node", new { label = "Thing", properties = new { } });
        Assert.Equal(1, faults.Calls);
    }

    [Fact]
    public async Task An_isolated_breaker_refuses_with_503_until_reset()
    {
        await using var factory = new RagMemoryApiFactory();
        var client = await factory.CreateClientAsync();

        var isolated = await client.PostAsync("/admin/breakers/keyword_index/isolate", null);
        Assert.Equal("isolated", (await isolated.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("state").GetString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.PostAsJsonAsync("/hybrid/search", new { query = "anything", limit = 3 })).StatusCode);

        await client.PostAsync("/admin/breakers/keyword_index/reset", null);
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/hybrid/search", new { query = "anything", limit = 3 })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync("/admin/breakers/nope/isolate", null)).StatusCode);
    }

    [Fact]
    public async Task No_accepted_event_is_lost_while_the_graph_is_down()
    {
        await using var factory = new RagMemoryApiFactory();
        factory.Settings["Ingestion:MaxAttempts"] = "1000";
        factory.Settings["Ingestion:RetryMaxDelay"] = "00:00:00.200";
        var faults = factory.Inject(Backends.GraphStore, Timeout);
        var client = await factory.CreateClientAsync();
        faults.Mode = FaultMode.Fail;

        var accepted = await client.PostAsJsonAsync("/ingest/", new { id = "during-outage", text = "Hedy Lamarr co-invented frequency hopping." });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var failed = await Eventually.DoneAsync(client, "during-outage", expected: "failed");
        Assert.True(failed.GetProperty("attempts").GetInt32() >= 1);

        faults.Mode = FaultMode.Pass;
        await Eventually.DoneAsync(client, "during-outage");
    }

    private static Task<HttpResponseMessage> CallAsync(HttpClient client, string backend) => backend switch
    {
        Backends.Embedder => client.PostAsJsonAsync("/memory/search", new { query = "needs an embedding", limit = 1 }),
        // An upsert reaches one collection; a search asks both at once, so its breaker counts two calls a request.
        Backends.VectorStore => client.PostAsJsonAsync("/memory/upsert", new { vectors = new[] { new { id = "breaker-probe", vector = Enumerable.Repeat(0.05f, 384) } } }),
        Backends.KeywordIndex => client.PostAsJsonAsync("/hybrid/search", new { query = "keywords", limit = 1 }),
        Backends.GraphStore => client.PostAsJsonAsync("/graph/node/find", new { label = "Thing" }),
        Backends.IngestionQueue => client.PostAsJsonAsync("/ingest/", new { id = Guid.NewGuid().ToString("N"), text = "Queued while testing the breaker." }),
        Backends.EventBus => client.PostAsJsonAsync("/ingest/", new { id = Guid.NewGuid().ToString("N"), text = "Published while testing the breaker." }),
        Backends.AnswerGenerator => client.PostAsJsonAsync("/hybrid/generate", new { query = "a question" }),
        _ => throw new ArgumentOutOfRangeException(nameof(backend)),
    };

    private static async Task<HttpResponseMessage> PollAsync(Func<Task<HttpResponseMessage>> call, Func<HttpResponseMessage, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        HttpResponseMessage response;
        do
        {
            response = await call();
            if (done(response))
            {
                return response;
            }

            await Task.Delay(100);
        }
        while (DateTime.UtcNow < deadline);

        throw new TimeoutException($"Still {(int)response.StatusCode} after 30 s.");
    }
}
