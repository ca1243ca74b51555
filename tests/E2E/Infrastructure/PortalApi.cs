using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace RagMemory.Tests.E2E.Infrastructure;

/// <summary>The portal's own HTTP API, called as the admin: what a journey needs to set up or to observe from outside the browser.</summary>
public sealed class PortalApi : IDisposable
{
    private readonly HttpClient _http;

    private PortalApi(HttpClient http) => _http = http;

    public static async Task<PortalApi> SignInAsync(Uri portal, string username = PortalFactory.AdminUsername, string password = PortalFactory.AdminPassword)
    {
        var http = new HttpClient { BaseAddress = portal };
        var response = await http.PostAsJsonAsync("/auth/token", new { username, password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new PortalApi(http);
    }

    public HttpClient Http => _http;

    /// <summary>A local account with the given roles and a random name; returns the name.</summary>
    public async Task<string> CreateAccountAsync(string password, params string[] roles)
    {
        var username = $"{roles[0]}-{Guid.NewGuid():N}"[..20];
        var response = await _http.PostAsJsonAsync("/admin/accounts", new { username, password, roles });
        response.EnsureSuccessStatusCode();
        return username;
    }

    /// <summary>Queues a text, with a correlation id when given, and waits until it is searchable.</summary>
    public async Task IngestAsync(string id, string text, TimeSpan timeout, string? correlationId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/ingest/") { Content = JsonContent.Create(new { id, text }) };
        if (correlationId is not null)
        {
            request.Headers.Add("X-Correlation-ID", correlationId);
        }

        (await _http.SendAsync(request)).EnsureSuccessStatusCode();
        var deadline = DateTime.UtcNow + timeout;
        string? state;
        do
        {
            await Task.Delay(200);
            state = (await _http.GetFromJsonAsync<JsonElement>($"/ingest/{Uri.EscapeDataString(id)}")).GetProperty("status").GetString();
        }
        while (state != "done" && DateTime.UtcNow < deadline);

        Assert.True(state == "done", $"Event {id} did not reach done within {timeout}; it is {state}.");
    }

    public async Task SetRateLimitAsync(string policy, int permitLimit, int windowSeconds) =>
        (await _http.PutAsJsonAsync($"/admin/rate-limits/{policy}", new { permit_limit = permitLimit, window_seconds = windowSeconds })).EnsureSuccessStatusCode();

    public void Dispose() => _http.Dispose();
}
