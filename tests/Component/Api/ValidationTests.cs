using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace RagMemory.Tests.Api;

public sealed class ValidationTests : IClassFixture<ValidationTests.SmallLimitsFactory>
{
    private readonly RagMemoryApiFactory _factory;

    public ValidationTests(SmallLimitsFactory fixture) => _factory = fixture.Factory;

    public static TheoryData<string, string, string> BadRequests => new()
    {
        { "/memory/upsert", """{"vectors":[{"id":1,"vector":[0.1,0.2],"payload":{}}]}""", "vectors[0].vector" },
        { "/memory/upsert", """{"vectors":[]}""", "vectors" },
        { "/memory/upsert", """{"vectors":[{"id":{"nested":true},"vector":[0.1],"payload":{}}]}""", "vectors[0].id" },
        { "/memory/search", """{"query_vector":[0.1,0.2,0.3],"limit":5}""", "query_vector" },
        { "/memory/search", """{"query":"anything","limit":0}""", "limit" },
        { "/memory/search", """{"query":"anything","limit":101}""", "limit" },
        { "/memory/search", """{"limit":5}""", "query_vector" },
        { "/memory/search", """{"query":"x","limit":5,"filter":{"bad-name":1}}""", "filter" },
        { "/ingest/", """{"id":"empty","text":"   "}""", "text" },
        { "/ingest/", """{"id":"long","text":"this text is longer than the configured sixty-four character maximum for tests"}""", "text" },
        { "/ingest/", """{"id":true,"text":"a boolean id"}""", "id" },
        { "/graph/node", """{"label":"bad label","properties":{}}""", "label" },
        { "/graph/node/find", """{"label":"1Bad"}""", "label" },
        { "/graph/relationship", """{"from_id":1,"to_id":2,"type":"HAS-DASH"}""", "type" },
        { "/hybrid/search", """{"query":"","limit":5}""", "query" },
        { "/hybrid/search", """{"query":"fine","limit":500}""", "limit" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_is_a_400_problem_naming_the_field(string route, string json, string field)
    {
        var client = await _factory.CreateClientAsync();
        var response = await client.PostAsync(route, new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"errors should name '{field}': {problem}");
    }

    [Fact]
    public async Task A_non_finite_number_is_refused_with_400()
    {
        var client = await _factory.CreateClientAsync();
        var vector = string.Join(',', Enumerable.Repeat("0.1", 383).Append("1e999"));
        var response = await client.PostAsync("/memory/upsert", new StringContent($$"""{"vectors":[{"id":1,"vector":[{{vector}}]}]}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem()
    {
        var client = await _factory.CreateClientAsync();
        var response = await client.PostAsync("/ingest/", new StringContent("{\"id\": \"x\", \"text\": ", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_body_over_the_configured_size_is_refused_and_the_process_stays_up()
    {
        var client = await _factory.CreateClientAsync();
        var big = new string('a', 8 * 1024);
        var response = await client.PostAsync("/ingest/", new StringContent($$"""{"id":"big","text":"{{big}}"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
    }

    [Fact]
    public async Task Neighbours_depth_outside_one_to_three_is_a_400()
    {
        var client = await _factory.CreateClientAsync();
        var node = await (await client.PostAsJsonAsync("/graph/node", new { label = "Thing", properties = new { } })).Content.ReadFromJsonAsync<JsonElement>();
        var response = await client.GetAsync($"/graph/node/{node.GetProperty("id").GetString()}/neighbors?depth=4");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    /// <summary>A host whose text and body limits are small enough to hit in a test.</summary>
    public sealed class SmallLimitsFactory : IAsyncLifetime
    {
        public RagMemoryApiFactory Factory { get; } = new();

        public Task InitializeAsync()
        {
            Factory.Settings["Ingestion:MaxTextLength"] = "64";
            Factory.Settings["Api:MaxRequestBodyBytes"] = "4096";
            return Task.CompletedTask;
        }

        public async Task DisposeAsync() => await Factory.DisposeAsync();
    }
}
