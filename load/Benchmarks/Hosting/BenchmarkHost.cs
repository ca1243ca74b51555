using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging;

namespace RagMemory.Load.Hosting;

/// <summary>
/// The real portal host in process (the same engines, pipeline and API as production) on a temporary data folder,
/// with logging turned down so the console shows the benchmark. Settings override configuration keys.
/// </summary>
public sealed class BenchmarkHost(IReadOnlyDictionary<string, string?> settings, string? dataDirectory = null) : WebApplicationFactory<Program>
{
    private const string AdminPassword = "benchmark-admin-password";

    static BenchmarkHost() =>
        // WebApplicationFactory looks for the host's content root before ConfigureWebHost runs; tell it where it is.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_RAGMEMORY_PORTAL", Path.Combine(RepositoryPaths.Root, "src", "Portal"));

    /// <summary>A temporary folder deleted at the end, unless a folder to keep (and reuse) was given.</summary>
    public string DataDirectory { get; } = dataDirectory ?? Path.Combine(Path.GetTempPath(), "ragmemory-bench", Guid.NewGuid().ToString("N"));

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
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.UseSetting("Logging:LogLevel:Default", "Warning");
        builder.UseSetting("Logging:LogLevel:Microsoft.Hosting.Lifetime", "Warning");
        builder.UseSetting("Logging:LogLevel:RagMemory", "Warning");
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
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
