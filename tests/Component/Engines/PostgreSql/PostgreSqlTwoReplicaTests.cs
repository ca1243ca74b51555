using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;
using RagMemory.Tests.E2E.Infrastructure;

namespace RagMemory.Tests.Engines.PostgreSql;

/// <summary>
/// Two portal processes, as <c>dotnet RagMemory.Portal.dll</c> runs them, on one PostgreSQL database, each with its own
/// data folder: what one of them does, the other sees. One client's cookies go to both, as a browser's would behind
/// a proxy that sent it to either.
/// </summary>
[Collection(PostgreSqlCollection.Name)]
public sealed partial class PostgreSqlTwoReplicaTests(PostgreSqlServer server) : IAsyncLifetime
{
    private const string AdminPassword = "two-replicas-admin-password";
    private readonly List<Replica> _replicas = [];
    private readonly CookieContainer _cookies = new();

    public async Task InitializeAsync()
    {
        var connectionString = await server.CreateDatabaseAsync();
        var signingKey = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

        // Both at once: their migrations and first-admin creation meet on an empty database.
        var starting = new[] { Replica.StartAsync(connectionString, signingKey), Replica.StartAsync(connectionString, signingKey) };
        foreach (var replica in starting)
        {
            try
            {
                _replicas.Add(await replica);
            }
            catch (Exception) when (starting.Any(s => s.IsCompletedSuccessfully))
            {
                foreach (var started in starting.Where(s => s.IsCompletedSuccessfully))
                {
                    await started.Result.DisposeAsync();
                }

                throw;
            }
        }
    }

    public async Task DisposeAsync()
    {
        foreach (var replica in _replicas)
        {
            await replica.DisposeAsync();
        }
    }

    [Fact]
    public async Task What_one_replica_does_the_other_sees()
    {
        using var first = Client(_replicas[0]);
        using var second = Client(_replicas[1]);

        // A token issued by the first replica works on the second.
        var adminToken = await TokenAsync(first, "admin", AdminPassword);
        second.DefaultRequestHeaders.Authorization = new("Bearer", adminToken);
        first.DefaultRequestHeaders.Authorization = new("Bearer", adminToken);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/admin/accounts")).StatusCode);

        // An account created on the first signs in on the second: for a token, and for a portal cookie whose
        // antiforgery token the first replica issued.
        var created = await first.PostAsJsonAsync("/admin/accounts", new { username = "grace", password = "grace-long-password", roles = new[] { "writer" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var graceToken = await TokenAsync(second, "grace", "grace-long-password");
        Assert.False(string.IsNullOrEmpty(graceToken));
        await SignInWithCookieAsync(formFrom: first, postTo: second, "grace", "grace-long-password");
        using (var cookieOnly = Client(_replicas[0]))
        {
            var page = await cookieOnly.GetAsync("/me");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        }

        // A limit changed on the first holds on the second within its refresh interval.
        var changed = await first.PutAsJsonAsync("/admin/rate-limits/graph-read", new { permit_limit = 7, window_seconds = 30 });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        await WaitUntilAsync(async () => (await second.GetStringAsync("/admin/rate-limits")).Contains("\"permit_limit\":7", StringComparison.Ordinal), "the second replica to show the first one's limit");

        // An event accepted by the first is known to the second.
        var accepted = await first.PostAsJsonAsync("/ingest/", new { id = "shared-event", text = "Accepted by one replica, read on the other.", metadata = new { } });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var status = await second.GetAsync("/ingest/shared-event");
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        Assert.Contains("\"status\":", await status.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private HttpClient Client(Replica replica) =>
        new(new HttpClientHandler { CookieContainer = _cookies, AllowAutoRedirect = false }) { BaseAddress = replica.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

    private static async Task<string> TokenAsync(HttpClient client, string username, string password)
    {
        var response = await client.PostAsJsonAsync("/auth/token", new { username, password });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"POST /auth/token as {username} on {client.BaseAddress}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("access_token").GetString()!;
    }

    private async Task SignInWithCookieAsync(HttpClient formFrom, HttpClient postTo, string username, string password)
    {
        using var anonymousForm = Client(_replicas[0]);
        var form = await (await anonymousForm.GetAsync("/login")).Content.ReadAsStringAsync();
        var token = AntiforgeryField().Match(form);
        Assert.True(token.Success, $"No antiforgery token in the sign-in page of {formFrom.BaseAddress}.");
        using var anonymousPost = Client(_replicas[1]);
        var signedIn = await anonymousPost.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups["value"].Value),
            ["username"] = username,
            ["password"] = password,
            ["returnUrl"] = "/me",
        }));
        Assert.True(signedIn.StatusCode == HttpStatusCode.Redirect && signedIn.Headers.Location?.ToString() == "/me",
            $"POST /account/login on {postTo.BaseAddress}: {(int)signedIn.StatusCode} to {signedIn.Headers.Location}: {await signedIn.Content.ReadAsStringAsync()}");
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Waited 30 s for {what}.");
            await Task.Delay(250);
        }
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"(?<value>[^\"]+)\"")]
    private static partial Regex AntiforgeryField();

    /// <summary>One portal process as <see cref="PortalProcess"/> starts it, with a data folder of its own, on the shared database.</summary>
    private sealed class Replica : IAsyncDisposable
    {
        private readonly PortalProcess _process;

        private Replica(PortalProcess process) => _process = process;

        public Uri BaseAddress => _process.BaseAddress;

        public static async Task<Replica> StartAsync(string connectionString, string signingKey)
        {
            var portal = Path.Combine(Repository.Root, "src", "Portal", "bin", "Release", "net10.0", "RagMemory.Portal.dll");
            Assert.True(File.Exists(portal), $"{portal} is missing: build the solution in Release first.");
            var address = new Uri($"http://127.0.0.1:{FreeLoopbackPort()}");
            var dataFolder = Path.Combine(Path.GetTempPath(), "ragmemory-tests", $"replica-{Guid.NewGuid():N}");
            Directory.CreateDirectory(dataFolder);
            try
            {
                return new Replica(await PortalProcess.StartAsync("dotnet", [
                    portal,
                    "--urls", address.ToString(),
                    "--Engines:State", "PostgreSql",
                    "--ConnectionStrings:State", connectionString,
                    "--Storage:DataDirectory", dataFolder,
                    "--Identity:BootstrapAdminPassword", AdminPassword,
                    "--Identity:SigningKey", signingKey,
                    "--RateLimiting:RefreshInterval", "00:00:01",
                ], dataFolder, address));
            }
            catch
            {
                Directory.Delete(dataFolder, recursive: true);
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _process.DisposeAsync();
            Directory.Delete(_process.WorkingDirectory, recursive: true);
        }

        private static int FreeLoopbackPort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
