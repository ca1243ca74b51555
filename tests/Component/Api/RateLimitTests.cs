using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace RagMemory.Tests.Api;

public sealed class RateLimitTests : IAsyncLifetime
{
    private const int SearchLimit = 5;
    private const int TokenLimit = 30;
    private readonly RagMemoryApiFactory _factory = new();

    public Task InitializeAsync()
    {
        _factory.Settings["RateLimiting:Policies:search:PermitLimit"] = SearchLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _factory.Settings["RateLimiting:Policies:search:WindowSeconds"] = "3600";
        _factory.Settings["RateLimiting:Policies:token:PermitLimit"] = TokenLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Exactly_the_permit_limit_gets_through_and_the_rest_get_429_with_retry_after()
    {
        var client = await _factory.CreateClientAsync();
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? rejected = null;
        for (var i = 0; i < SearchLimit + 3; i++)
        {
            var response = await client.PostAsJsonAsync("/memory/search", new { query = "anything", limit = 1 });
            statuses.Add(response.StatusCode);
            rejected = response.StatusCode == HttpStatusCode.TooManyRequests ? response : rejected;
        }

        Assert.Equal(SearchLimit, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.True(rejected!.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("application/problem+json", rejected.Content.Headers.ContentType?.MediaType);

        var limits = await (await _factory.CreateClientAsync()).GetFromJsonAsync<JsonElement>("/admin/rate-limits");
        var search = limits.GetProperty("policies").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "search");
        Assert.Equal(SearchLimit, search.GetProperty("permitted").GetInt64());
        Assert.Equal(3, search.GetProperty("rejected").GetInt64());
    }

    [Fact]
    public async Task The_history_the_charts_draw_holds_what_was_permitted_and_rejected_before_anyone_looked()
    {
        var client = await _factory.CreateClientAsync();
        var history = _factory.Services.GetRequiredService<RagMemory.RateLimiting.RateLimitHistory>();
        history.Sample();
        var before = history.Of("search");

        for (var i = 0; i < SearchLimit + 2; i++)
        {
            await client.PostAsJsonAsync("/memory/search", new { query = "anything", limit = 1 });
        }

        history.Sample();
        var recorded = history.Of("search").Skip(before.Count).ToList();
        Assert.Equal(SearchLimit, recorded.Sum(s => s.Permitted));
        Assert.Equal(2, recorded.Sum(s => s.Rejected));
        Assert.True(history.Of("search").Count <= RagMemory.RateLimiting.RateLimitHistory.Capacity);
    }

    [Fact]
    public async Task Password_guessing_at_the_token_route_is_limited_per_client_address()
    {
        var anonymous = _factory.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < TokenLimit + 2; i++)
        {
            statuses.Add((await anonymous.PostAsJsonAsync("/auth/token", new { username = "admin", password = $"guess-{i}" })).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
        Assert.DoesNotContain(HttpStatusCode.OK, statuses);
    }

    [Fact]
    public async Task Limits_are_per_principal()
    {
        var first = await _factory.CreateClientWithRolesAsync("reader");
        var second = await _factory.CreateClientWithRolesAsync("reader");
        for (var i = 0; i < SearchLimit; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await first.PostAsJsonAsync("/memory/search", new { query = "x", limit = 1 })).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await first.PostAsJsonAsync("/memory/search", new { query = "x", limit = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await second.PostAsJsonAsync("/memory/search", new { query = "x", limit = 1 })).StatusCode);
    }

    [Fact]
    public async Task A_live_change_applies_to_the_next_request_survives_a_restart_and_is_audited()
    {
        var admin = await _factory.CreateClientAsync();
        var reader = await _factory.CreateClientWithRolesAsync("reader");
        for (var i = 0; i < SearchLimit; i++)
        {
            await reader.PostAsJsonAsync("/memory/search", new { query = "x", limit = 1 });
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await reader.PostAsJsonAsync("/memory/search", new { query = "x", limit = 1 })).StatusCode);
        var changed = await admin.PutAsJsonAsync("/admin/rate-limits/search", new { permit_limit = 50, window_seconds = 60 });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.PostAsJsonAsync("/memory/search", new { query = "x", limit = 1 })).StatusCode);

        var audit = await admin.GetFromJsonAsync<JsonElement>("/admin/rate-limits/audit");
        var change = audit.GetProperty("changes")[0];
        Assert.Equal("search", change.GetProperty("policy").GetString());
        Assert.Equal(SearchLimit, change.GetProperty("old_permit_limit").GetInt32());
        Assert.Equal(50, change.GetProperty("new_permit_limit").GetInt32());
        Assert.Equal("admin", change.GetProperty("changed_by").GetString());

        await _factory.DisposeAsync();
        await using var restarted = _factory.Restart();
        var after = await (await restarted.CreateClientAsync()).GetFromJsonAsync<JsonElement>("/admin/rate-limits");
        var search = after.GetProperty("policies").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "search");
        Assert.Equal(50, search.GetProperty("permit_limit").GetInt32());
    }

    [Fact]
    public async Task Health_is_never_limited_and_bad_changes_are_refused()
    {
        var anonymous = _factory.CreateClient();
        for (var i = 0; i < SearchLimit * 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health/live")).StatusCode);
        }

        var admin = await _factory.CreateClientAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync("/admin/rate-limits/nope", new { permit_limit = 5 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync("/admin/rate-limits/search", new { permit_limit = 0 })).StatusCode);
    }
}
