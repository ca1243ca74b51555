using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace RagMemory.Tests.E2E.Infrastructure;

/// <summary>
/// The real portal (Blazor Server and API in one process) on Kestrel at 127.0.0.1 with a port the OS picks,
/// with its own temporary data folder, the real embedding model and engines, and a known admin password.
/// </summary>
public sealed class PortalFactory : WebApplicationFactory<Program>
{
    public const string AdminUsername = "admin";

    /// <summary>Used only by this throw-away test host; the portal requires at least 12 characters.</summary>
    public const string AdminPassword = "e2e-admin-password-for-tests";

    private static readonly string DataRoot = Path.Combine(Path.GetTempPath(), "ragmemory-e2e");

    /// <summary>Older data folders belong to finished runs; a run takes minutes, so an hour leaves concurrent runs alone.</summary>
    private static readonly TimeSpan StaleAfter = TimeSpan.FromHours(1);

    public string DataDirectory { get; } = Path.Combine(DataRoot, Guid.NewGuid().ToString("N"));

    /// <summary>Settings applied after the E2E defaults, set before <see cref="Start"/>.</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    /// <summary>The OpenID Connect provider the portal signs in with, set before <see cref="Start"/>.</summary>
    public Uri? OidcAuthority { get; set; }

    /// <summary>Starts Kestrel on <paramref name="port"/> and returns the address it listens on.</summary>
    public Uri Start(int port)
    {
        RemoveStaleDataDirectories();
        UseKestrel(port);
        StartServer();
        return ClientOptions.BaseAddress;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        builder.UseSetting("Identity:BootstrapAdminPassword", AdminPassword);
        builder.UseSetting("Ingestion:PollInterval", "00:00:00.050");
        builder.UseSetting("Ingestion:RetryBaseDelay", "00:00:00.050");

        // Every journey acts as the same admin within a few minutes; the seed's tiers (ingest 10 a minute) would make
        // them fail each other. The rate-limit journey lowers one policy on purpose and restores it.
        foreach (var (key, value) in RagMemory.RateLimiting.RateLimitingOptions.EveryPolicyAt(10_000))
        {
            builder.UseSetting(key, value);
        }

        if (OidcAuthority is not null)
        {
            builder.UseSetting("Authentication:Oidc:Authority", OidcAuthority.ToString());
            builder.UseSetting("Authentication:Oidc:ClientId", OidcProvider.ClientId);
            builder.UseSetting("Authentication:Oidc:ClientSecret", OidcProvider.ClientSecret);
            builder.UseSetting("Authentication:Oidc:Audience", OidcProvider.Audience);
            builder.UseSetting("Authentication:Oidc:Scopes:0", "openid");
            builder.UseSetting("Authentication:Oidc:Scopes:1", "profile");
            builder.UseSetting("Authentication:Oidc:Scopes:2", "roles");
            builder.UseSetting("Authentication:Oidc:DisplayName", "Test provider");

            // Only because the test provider serves plain http on loopback.
            builder.UseSetting("Authentication:Oidc:RequireHttpsMetadata", "false");
        }

        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>
    /// A run's own folder is not deleted when it ends: the app's entry point disposes its services (and saves the vector
    /// index into the folder) concurrently with the factory's disposal, so the folder is removed by a later run instead.
    /// </summary>
    private static void RemoveStaleDataDirectories()
    {
        if (!Directory.Exists(DataRoot))
        {
            return;
        }

        foreach (var directory in new DirectoryInfo(DataRoot).EnumerateDirectories())
        {
            if (DateTime.UtcNow - directory.LastWriteTimeUtc > StaleAfter)
            {
                try
                {
                    directory.Delete(recursive: true);
                }
                catch (IOException)
                {
                    // Another run may be cleaning up the same folder; it is only a temporary folder.
                }
            }
        }
    }
}
