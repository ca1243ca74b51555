using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Reflection;
using System.Text.Json;
using RagMemory.Tests.Engines;
using RagMemory.RateLimiting;
using RagMemory.Tests.E2E.Infrastructure;

namespace RagMemory.Tests.Reliability;

/// <summary>
/// The built portal (<c>dotnet RagMemory.Portal.dll</c>, as <see cref="PortalProcess"/> starts it) on a data folder
/// that outlives each of its processes: started, killed or stopped, and started again on the same files. Limits are
/// raised out of the way (the tests are about durability, not limits); everything else is the default configuration.
/// </summary>
public sealed class DataFolderPortal : IAsyncDisposable
{
    public const string AdminPassword = "reliability-admin-password";

    private readonly string[] _settings;
    private string? _token;

    public DataFolderPortal(string? dataFolder = null, params string[] settings)
    {
        DataFolder = dataFolder ?? Path.Combine(Path.GetTempPath(), "ragmemory-tests", $"reliability-{Guid.NewGuid():N}");
        Directory.CreateDirectory(DataFolder);
        _settings = settings;
    }

    public string DataFolder { get; }

    /// <summary>The running process; null before the first start.</summary>
    public PortalProcess? Process { get; private set; }

    /// <summary>The portal the test project was built with, in the test's own configuration (Debug or Release).</summary>
    public static string PortalDll
    {
        get
        {
            var configuration = typeof(DataFolderPortal).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
            var dll = Path.Combine(Repository.Root, "src", "Portal", "bin", configuration, "net10.0", "RagMemory.Portal.dll");
            Assert.True(File.Exists(dll), $"{dll} is missing: build the solution ({configuration}) first.");
            return dll;
        }
    }

    /// <summary>Starts a process on the data folder, at a fresh port, and waits until it is live; a previous one must have exited.</summary>
    public async Task<PortalProcess> StartAsync(params string[] moreSettings)
    {
        Assert.True(Process is null || Process.HasExited, "The previous portal process is still running.");
        if (Process is not null)
        {
            await Process.DisposeAsync();
        }

        var address = new Uri($"http://127.0.0.1:{FreeLoopbackPort()}");
        string[] arguments =
        [
            PortalDll,
            "--urls", address.ToString(),
            "--Storage:DataDirectory", DataFolder,
            "--Identity:BootstrapAdminPassword", AdminPassword,
            .. RateLimitingOptions.EveryPolicyAt(RateLimitPolicyOptions.MaxPermitLimit).SelectMany(setting => new[] { $"--{setting.Key}", setting.Value! }),
            .. _settings,
            .. moreSettings,
        ];
        Process = await PortalProcess.StartAsync("dotnet", arguments, DataFolder, address);
        return Process;
    }

    /// <summary>An API client of the running process, signed in as the admin (who may read, write and administer).</summary>
    public async Task<HttpClient> ClientAsync()
    {
        var process = Process ?? throw new InvalidOperationException("The portal has not been started.");
        var client = new HttpClient { BaseAddress = process.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync());
        return client;
    }

    /// <summary>The admin's bearer token; the signing key is kept in the data folder, so one token stays good across restarts.</summary>
    public async Task<string> TokenAsync()
    {
        if (_token is null)
        {
            using var client = new HttpClient { BaseAddress = (Process ?? throw new InvalidOperationException("The portal has not been started.")).BaseAddress };
            _token = await SignInAsync(client);
        }

        return _token;
    }

    /// <summary>Waits until no accepted event is queued, processing or waiting for a retry; fails on a dead letter or at <paramref name="timeout"/>.</summary>
    public async Task WaitUntilIngestedAsync(TimeSpan timeout)
    {
        using var client = await ClientAsync();
        var deadline = DateTime.UtcNow + timeout;
        JsonElement counts;
        do
        {
            counts = await client.GetFromJsonAsync<JsonElement>("/admin/ingestion/queue");
            Assert.Equal(0, counts.GetProperty("dead_lettered").GetInt64());
            if (counts.GetProperty("queued").GetInt64() + counts.GetProperty("processing").GetInt64() + counts.GetProperty("failed").GetInt64() == 0)
            {
                return;
            }

            await Task.Delay(250);
        }
        while (DateTime.UtcNow < deadline);

        // What the portal warned of is what explains a stuck event; the whole output is too long to read.
        var warnings = Process!.Output.Split('\n').Where(line => line.Contains("\"@l\":\"Warning\"", StringComparison.Ordinal) || line.Contains("\"@l\":\"Error\"", StringComparison.Ordinal)).TakeLast(30);
        Assert.Fail($"Ingestion did not finish within {timeout}: {counts}. The portal's last warnings and errors:\n{string.Join('\n', warnings)}");
    }

    /// <summary>Waits until the chunk index holds more than <paramref name="before"/> vectors: the worker has written.</summary>
    public async Task WaitForChunksAsync(long before)
    {
        using var client = await ClientAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            using var info = await client.PostAsJsonAsync("/memory/collection/info", new { });
            if ((await info.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("chunks").GetInt64() > before)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "The worker wrote no chunk within two minutes.");
            await Task.Delay(100);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Process is not null)
        {
            await Process.DisposeAsync();
        }

        await FolderCleanup.DeleteAsync(DataFolder);
    }

    private static async Task<string> SignInAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync("/auth/token", new { username = "admin", password = AdminPassword });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return body.GetProperty("access_token").GetString()!;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs the portal's executable as a command (<c>backup</c>, <c>restore</c>) to its end; its exit code and what it printed.</summary>
    public static async Task<(int ExitCode, string Output)> RunCommandAsync(params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(PortalDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        PortalProcess.UseUserEnvironment(start);
        using var process = System.Diagnostics.Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output + await error);
    }

    /// <summary>How a test names a setting on the command line.</summary>
    public static string[] Setting(string key, object value) => [$"--{key}", Convert.ToString(value, CultureInfo.InvariantCulture)!];
}
