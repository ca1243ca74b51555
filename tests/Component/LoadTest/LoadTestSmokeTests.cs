using RagMemory.Load;
using RagMemory.LoadTest;
using RagMemory.LoadTest.Reporting;
using RagMemory.Tests.Api;

namespace RagMemory.Tests.LoadTest;

/// <summary>
/// The README's load command, run for a few seconds against the portal in process, with the search policy cut to 5
/// per minute: every endpoint answers, exactly 5 searches pass and the rest are 429 with Retry-After, no 5xx, and the
/// JSON and markdown reports are written. It checks counts, never timing.
/// </summary>
public sealed class LoadTestSmokeTests : IAsyncLifetime
{
    private readonly RagMemoryApiFactory _portal = new();
    private readonly string _report = Path.Combine(Path.GetTempPath(), $"ragmemory-load-{Guid.NewGuid():N}");

    public Task InitializeAsync()
    {
        _portal.Settings["RateLimiting:Policies:search:PermitLimit"] = "5";
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _portal.DisposeAsync();
        File.Delete(_report + ".json");
        File.Delete(_report + ".md");
    }

    [Fact]
    public async Task Seed_in_closed_loop_reports_every_endpoint_and_the_search_limit_held()
    {
        using var client = _portal.CreateClient();
        var output = new StringWriter();
        var command = new CommandLine(["seed", "--mode", "closed", "--users", "4", "--ramp", "0", "--duration", "4s", "--progress", "1s",
            "--password", RagMemoryApiFactory.AdminPassword, "--as-client", "--report", _report]);

        var report = await LoadCommands.RunScenarioAsync(command, output, CancellationToken.None, client);

        Assert.Equal(["create_node", "graph_search", "ingest", "sign_in", "upsert", "vector_search"], report.Endpoints.Select(e => e.Endpoint).Order(StringComparer.Ordinal));
        Assert.All(report.Endpoints, e => Assert.True(e.Ok > 0, $"{e.Endpoint} answered nothing: {e}"));

        // The admin's sign-in before the run (to read the server's counters and make the API client) and one per user.
        Assert.Equal(5, report.Endpoints.Single(e => e.Endpoint == "sign_in").Ok);
        Assert.True(report.NoServerErrors, ReportWriter.ToMarkdown(report));
        Assert.True(report.EveryRejectionSaysWhen);

        var search = report.Endpoints.Single(e => e.Endpoint == "vector_search");
        Assert.Equal(5, search.Ok);
        Assert.True(search.RateLimited > 0, "the closed loop sends more than 5 searches in 4 s");
        var windows = Assert.Single(report.RateLimitWindows, w => w.Policy == "search");
        Assert.True(windows.Holds);
        Assert.Equal((5L, search.RateLimited), (windows.ServerPermitted, windows.ServerRejected));

        Assert.Contains("users 4", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("| vector_search |", await File.ReadAllTextAsync(_report + ".md"), StringComparison.Ordinal);
        Assert.Equal(report.Total, ReportWriter.FromJson(await File.ReadAllTextAsync(_report + ".json")).Total);
    }
}
