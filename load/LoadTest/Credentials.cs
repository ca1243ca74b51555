using System.Net.Http.Json;
using System.Text.Json;
using RagMemory.LoadTest.Measuring;
using RagMemory.RateLimiting;

namespace RagMemory.LoadTest;

/// <summary>What each user signs in with through <c>POST /auth/token</c>: an account, or an API client.</summary>
public sealed record Credentials(string? Username, string? Password, string? ClientId = null, string? ClientSecret = null)
{
    public const string SignInEndpoint = "sign_in";

    /// <summary>
    /// Signs in once; a 429 (the <c>token</c> policy) waits its Retry-After and tries again while <paramref name="until"/>
    /// allows, as a polite client does. Every try is recorded as <see cref="SignInEndpoint"/>. Null when time ran out.
    /// </summary>
    public async Task<string?> SignInAsync(HttpClient client, LoadStats stats, Func<TimeSpan> now, TimeSpan until, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentNullException.ThrowIfNull(now);
        var endpoint = stats.For(SignInEndpoint, RateLimitPolicies.Token);
        object body = ClientId is null
            ? new { username = Username, password = Password }
            : new { client_id = ClientId, client_secret = ClientSecret };
        while (now() < until)
        {
            var sentAt = now();
            using var response = await client.PostAsJsonAsync("/auth/token", body, cancellationToken);
            var retryAfter = response.Headers.RetryAfter?.Delta;
            stats.Record(endpoint, sentAt, now() - sentAt, (int)response.StatusCode, retryAfter is not null);
            if (response.IsSuccessStatusCode)
            {
                var json = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
                return json.GetProperty("access_token").GetString();
            }

            if ((int)response.StatusCode != 429)
            {
                throw new InvalidOperationException($"POST /auth/token answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }

            var wait = retryAfter ?? TimeSpan.FromSeconds(1);
            var left = until - now();
            if (left <= TimeSpan.Zero)
            {
                break;
            }

            await Task.Delay(wait < left ? wait : left, cancellationToken);
        }

        return null;
    }
}
