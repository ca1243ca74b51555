using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using RagMemory.RateLimiting;

namespace RagMemory.LoadTest;

/// <summary>The portal's limits and counters from <c>GET /admin/rate-limits</c>; null when the account is not an admin.</summary>
public static class ServerRateLimits
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task<IReadOnlyList<RateLimitSnapshot>?> ReadAsync(HttpClient client, string token, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/rate-limits");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request, cancellationToken);
        if (response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<PoliciesBody>(Json, cancellationToken);
        return body?.Policies;
    }

    private sealed record PoliciesBody(IReadOnlyList<RateLimitSnapshot> Policies);
}
