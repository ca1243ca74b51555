using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace RagMemory.LoadTest;

/// <summary>Makes the API client a run's users sign in as (<c>POST /admin/clients</c>), so that signing in costs a hash.</summary>
public static class ApiClients
{
    public static async Task<Credentials> CreateAsync(HttpClient client, string adminToken, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/admin/clients")
        {
            // Admin, so that it can also read the rate-limit counters; the run's data routes need read and write.
            Content = JsonContent.Create(new { name = $"load-test-{Guid.NewGuid():N}"[..20], roles = new[] { "admin" } }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", adminToken);
        using var response = await client.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /admin/clients answered {(int)response.StatusCode} (--as-client needs an admin account): {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        var created = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return new Credentials(null, null, created.GetProperty("client_id").GetString(), created.GetProperty("client_secret").GetString());
    }
}
