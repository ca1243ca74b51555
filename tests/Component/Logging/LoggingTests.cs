using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using RagMemory.Tests.Api;

namespace RagMemory.Tests.Logging;

public sealed class LoggingTests(RagMemoryApiFactory factory) : IClassFixture<RagMemoryApiFactory>
{
    [Fact]
    public async Task A_requests_correlation_id_is_on_its_log_events_and_on_those_of_the_ingestion_it_caused()
    {
        var client = await factory.CreateClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ingest/") { Content = JsonContent.Create(new { id = "correlated", text = "Alan Turing proposed the imitation game." }) };
        request.Headers.Add("X-Correlation-ID", "corr-ingest-000001");
        Assert.Equal(HttpStatusCode.Accepted, (await client.SendAsync(request)).StatusCode);
        await Eventually.DoneAsync(client, "correlated");

        var logs = await client.GetFromJsonAsync<JsonElement>("/admin/logs?correlation_id=corr-ingest-000001&limit=100");
        var messages = logs.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("message").GetString()!).ToList();
        Assert.Contains(messages, m => m.StartsWith("Ingest.Ingest started", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.StartsWith("Ingest.Ingest succeeded", StringComparison.Ordinal) && m.EndsWith("with 202", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("accepted", StringComparison.Ordinal) && m.Contains("correlated", StringComparison.Ordinal));
        Assert.Contains(messages, m => m.Contains("is done", StringComparison.Ordinal) && m.Contains("correlated", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Carriage_returns_and_line_feeds_in_names_and_ids_never_reach_the_log_viewer_raw()
    {
        var client = await factory.CreateClientAsync();
        await factory.CreateClient().PostAsJsonAsync("/auth/token", new { username = "crlf-name\r\n[WRN] forged line", password = "whatever-password" });
        await client.DeleteAsync("/admin/accounts/crlf-id%0D%0A%5BWRN%5D%20forged%20line");
        await client.GetAsync("/ingest/crlf-event%0A%5BWRN%5D%20forged%20line");

        var logs = await client.GetFromJsonAsync<JsonElement>("/admin/logs?text=crlf-&limit=100");
        var events = logs.GetProperty("events").EnumerateArray().ToList();

        Assert.True(events.Count >= 3, $"expected the three requests in the log, got {events.Count}");
        Assert.All(events, e => Assert.DoesNotMatch("[\r\n]", e.GetProperty("message").GetString()!));
        Assert.All(events, e => Assert.All(e.GetProperty("properties").EnumerateObject(), p => Assert.DoesNotMatch("[\r\n]", p.Value.ToString())));
    }

    [Fact]
    public async Task Passwords_tokens_and_texts_never_reach_the_log()
    {
        const string password = "wrong-password-4f1c9e";
        const string marker = "zqxjv-unlogged-text-marker";
        var anonymous = factory.CreateClient();
        await anonymous.PostAsJsonAsync("/auth/token", new { username = "admin", password });
        var client = await factory.CreateClientAsync();
        var token = client.DefaultRequestHeaders.Authorization!.Parameter!;
        await client.PostAsJsonAsync("/ingest/", new { id = "secretive", text = $"A text with {marker} inside." });
        await Eventually.DoneAsync(client, "secretive");
        await client.PostAsJsonAsync("/hybrid/search", new { query = marker, limit = 3 });
        var forged = factory.CreateClient();
        forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token + "x");
        await forged.PostAsJsonAsync("/memory/search", new { query = "x" });

        var logs = await (await client.GetAsync("/admin/logs?limit=1000")).Content.ReadAsStringAsync();
        Assert.Contains("Failed sign-in", logs, StringComparison.Ordinal);
        Assert.DoesNotContain(password, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(RagMemoryApiFactory.AdminPassword, logs, StringComparison.Ordinal);
        Assert.DoesNotContain(token[..40], logs, StringComparison.Ordinal);
        Assert.DoesNotContain(marker, logs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logs_filter_by_level_and_refuse_an_unknown_level()
    {
        var client = await factory.CreateClientAsync();
        await factory.CreateClient().PostAsJsonAsync("/auth/token", new { username = "nobody", password = "whatever-password" });

        var warnings = await client.GetFromJsonAsync<JsonElement>("/admin/logs?level=warning&limit=500");
        var levels = warnings.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("level").GetString()).ToList();
        Assert.NotEmpty(levels);
        Assert.All(levels, level => Assert.Contains(level, new[] { "Warning", "Error", "Fatal" }));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/admin/logs?level=loud")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await factory.CreateClientWithRolesAsync("writer")).GetAsync("/admin/logs")).StatusCode);
    }
}
