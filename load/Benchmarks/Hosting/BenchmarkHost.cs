using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RagMemory.RateLimiting;

namespace RagMemory.Load.Hosting;

/// <summary>
/// The real portal host in process (the same engines, pipeline and API as production) on a temporary data folder,
/// with every rate limit lifted (a benchmark sends a collection, not a person's pace) and only warnings logged, so the
/// console shows the benchmark. Settings override configuration keys.
/// </summary>
public sealed class BenchmarkHost(IReadOnlyDictionary<string, string?> settings, string? dataDirectory = null) : WebApplicationFactory<Program>
{
    /// <summary>What every policy allows per window here: the most a policy accepts, far above what a run sends.</summary>
    public const int PermitLimit = RateLimitPolicyOptions.MaxPermitLimit;

    private const string AdminPassword = "benchmark-admin-password";
    private const string SerilogLevels = "Serilog:MinimumLevel";

    static BenchmarkHost() =>
        // WebApplicationFactory looks for the host's content root before ConfigureWebHost runs; tell it where it is.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_RAGMEMORY_PORTAL", Path.Combine(RepositoryPaths.Root, "src", "Portal"));

    /// <summary>A temporary folder deleted at the end, unless a folder to keep (and reuse) was given.</summary>
    public string DataDirectory { get; } = dataDirectory ?? Path.Combine(Path.GetTempPath(), "ragmemory-bench", Guid.NewGuid().ToString("N"));

    /// <summary>
    /// The limits the running host enforces, read from its limiter (a kept data folder may hold an admin's change):
    /// "rate limits lifted to 1000000 per 60 s window for all policies (token, ...)" when they are as this host sets them.
    /// </summary>
    public string DescribeRateLimits()
    {
        var limits = Services.GetRequiredService<RateLimitRegistry>().Snapshot();
        var names = string.Join(", ", limits.Select(l => l.Name));
        return limits.Select(l => (l.PermitLimit, l.WindowSeconds)).Distinct().ToList() is [var (permits, window)]
            ? $"rate limits lifted to {permits} per {window} s window for all policies ({names})"
            : $"rate limits: {string.Join(", ", limits.Select(l => $"{l.Name} {l.PermitLimit} per {l.WindowSeconds} s"))}";
    }

    public async Task<HttpClient> CreateAdminClientAsync()
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/auth/token", new { username = "admin", password = AdminPassword });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseContentRoot(Path.Combine(RepositoryPaths.Root, "src", "Portal"));
        builder.UseEnvironment("Production");
        builder.UseSetting("Storage:DataDirectory", DataDirectory);
        builder.UseSetting("Identity:BootstrapAdminPassword", AdminPassword);
        builder.UseSetting("Ingestion:PollInterval", "00:00:00.050");
        builder.UseSetting("Api:MaxRequestBodyBytes", "67108864");
        foreach (var (key, value) in RateLimitingOptions.EveryPolicyAt(PermitLimit))
        {
            builder.UseSetting(key, value);
        }

        // Serilog reads its levels from its own section (not Logging:LogLevel), where the portal raises some namespaces
        // (the host's lifetime) to Information: the default and every configured override go down to Warning, unless
        // the command line sets them.
        builder.ConfigureAppConfiguration((_, configuration) =>
        {
            var overrides = configuration.Build().GetSection($"{SerilogLevels}:Override").GetChildren().Select(o => $"{SerilogLevels}:Override:{o.Key}");
            configuration.AddInMemoryCollection(overrides.Append($"{SerilogLevels}:Default")
                .Where(key => !settings.ContainsKey(key))
                .Select(key => KeyValuePair.Create(key, (string?)"Warning"))
                .ToList());
        });

        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && dataDirectory is null)
        {
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A temporary folder left behind is harmless.
            }
        }
    }
}
