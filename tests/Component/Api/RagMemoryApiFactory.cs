using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace RagMemory.Tests.Api;

/// <summary>
/// The real portal host in process, on a temporary data folder, with the real embedding model and engines.
/// Settings can be overridden per test class; <see cref="Restart"/> starts a second host on the same folder.
/// </summary>
public sealed class RagMemoryApiFactory : WebApplicationFactory<Program>
{
    public const string AdminPassword = "admin-password-for-tests";

    public RagMemoryApiFactory()
        : this(Path.Combine(Path.GetTempPath(), "ragmemory-tests", Guid.NewGuid().ToString("N")), new Dictionary<string, string?>())
    {
    }

    private RagMemoryApiFactory(string dataDirectory, IReadOnlyDictionary<string, string?> settings)
    {
        DataDirectory = dataDirectory;
        Settings = new Dictionary<string, string?>(settings);
    }

    public string DataDirectory { get; }

    public Dictionary<string, string?> Settings { get; }

    /// <summary>Service overrides applied after the app's own registrations (e.g. a test fault injector).</summary>
    public List<Action<IServiceCollection>> ServiceOverrides { get; } = [];

    public static RagMemoryApiFactory OnDataDirectory(string dataDirectory) => new(dataDirectory, new Dictionary<string, string?>());

    /// <summary>A new host on the same data folder and settings, as after a process restart.</summary>
    public RagMemoryApiFactory Restart()
    {
        var restarted = new RagMemoryApiFactory(DataDirectory, Settings);
        restarted.ServiceOverrides.AddRange(ServiceOverrides);
        return restarted;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        builder.UseSetting("Identity:BootstrapAdminPassword", AdminPassword);
        builder.UseSetting("Ingestion:PollInterval", "00:00:00.050");
        builder.UseSetting("Ingestion:RetryBaseDelay", "00:00:00.050");

        // Limits stay out of the way of tests that are not about them; those set their own in Settings.
        foreach (var (key, value) in RateLimiting.RateLimitingOptions.EveryPolicyAt(100_000))
        {
            builder.UseSetting(key, value);
        }

        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services => ServiceOverrides.ForEach(apply => apply(services)));
    }

    public async Task<HttpClient> CreateClientAsync(string username = "admin", string password = AdminPassword)
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/auth/token", new { username, password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("access_token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Creates a local account with the given roles through the admin API and returns a client signed in as it.</summary>
    public async Task<HttpClient> CreateClientWithRolesAsync(params string[] roles)
    {
        var admin = await CreateClientAsync();
        var username = $"user-{Guid.NewGuid():N}"[..16];
        const string password = "a-long-test-password";
        var created = await admin.PostAsJsonAsync("/admin/accounts", new { username, password, roles });
        created.EnsureSuccessStatusCode();
        return await CreateClientAsync(username, password);
    }
}
