using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using RagMemory.Ingestion;
using Xunit.Abstractions;

namespace RagMemory.Tests.Reliability;

/// <summary>
/// SIGTERM while clients ingest and the worker has a batch in hand: the process stops accepting, finishes the batch
/// within <c>Ingestion:ShutdownGrace</c> (or, with no grace, hands it back unacknowledged), and exits; started again
/// on the same data folder, every accepted event ends done and stored exactly once.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class ShutdownTests(ITestOutputHelper output)
{
    private const int FinishedInHand = 3031, HandedBack = 3032;

    [Theory]
    [InlineData("00:00:30", FinishedInHand)]
    [InlineData("00:00:00", HandedBack)]
    public async Task On_SIGTERM_the_portal_stops_accepting_settles_the_batch_in_hand_and_exits_and_nothing_is_lost_or_doubled(string grace, int settled)
    {
        await using var portal = new DataFolderPortal(null, DataFolderPortal.Setting("Ingestion:ShutdownGrace", grace));
        var process = await portal.StartAsync();
        var token = await portal.TokenAsync();
        var clients = new IngestingClients(seed: settled);
        Task load;
        using (var stop = new CancellationTokenSource())
        {
            load = clients.RunAsync(process.BaseAddress, token, 3, TimeSpan.FromMilliseconds(50), stop.Token);
            using (var admin = await portal.ClientAsync())
            {
                await WaitUntilProcessingAsync(admin);
            }

            var stopping = Stopwatch.StartNew();
            await process.SendTerminateAsync();
            await WaitUntilStoppingAsync(process);
            var late = await TryIngestAsync(process.BaseAddress, token);
            Assert.True(late is null or { StatusCode: HttpStatusCode.ServiceUnavailable, Headers.RetryAfter: not null },
                $"A submission after SIGTERM was answered {late?.StatusCode}; expected a refused connection or 503 with Retry-After.");
            var exitCode = await process.WaitForExitAsync(TimeSpan.Parse(grace, System.Globalization.CultureInfo.InvariantCulture) + IngestionOptions.ShutdownMargin + TimeSpan.FromSeconds(20));
            output.WriteLine($"grace {grace}: exited with {exitCode} {stopping.ElapsedMilliseconds} ms after SIGTERM; a late submission got {(late is null ? "a refused connection" : late.StatusCode)}");
            Assert.Equal(0, exitCode);
            await stop.CancelAsync();
            await load;
        }

        Assert.NotEmpty(StoredEvents.Logged(process, settled));
        var unsettled = StoredEvents.Unsettled(portal.DataFolder);
        output.WriteLine($"after exit: {unsettled.Processing} events processing, {unsettled.InFlight} bus messages in flight; accepted {clients.Accepted.Count}, uncertain {clients.Uncertain.Count}");
        if (settled == FinishedInHand)
        {
            Assert.Equal((0, 0), unsettled);
        }
        else
        {
            Assert.NotEqual(0, unsettled.InFlight);
        }

        await portal.StartAsync();
        await portal.WaitUntilIngestedAsync(TimeSpan.FromMinutes(3));
        using (var client = await portal.ClientAsync())
        {
            await StoredEvents.AssertFindableAsync(client, clients.Accepted);
        }

        await portal.Process!.KillAsync();
        Assert.True(clients.Refused.Values.All(status => status == HttpStatusCode.ServiceUnavailable), $"Refused other than with 503: {string.Join(", ", clients.Refused)}");
        StoredEvents.AssertStoredExactlyOnce(portal.DataFolder, clients);
    }

    private static async Task WaitUntilProcessingAsync(HttpClient admin)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (DateTime.UtcNow < deadline)
        {
            var counts = await admin.GetFromJsonAsync<JsonElement>("/admin/ingestion/queue");
            if (counts.GetProperty("processing").GetInt64() > 0 && counts.GetProperty("queued").GetInt64() > 0)
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail("The worker never had a batch in hand with more waiting.");
    }

    /// <summary>The host logs this from its stopping callback, after the gate has closed.</summary>
    private static async Task WaitUntilStoppingAsync(E2E.Infrastructure.PortalProcess process)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!process.Output.Contains("Application is shutting down", StringComparison.Ordinal) && !process.HasExited)
        {
            Assert.True(DateTime.UtcNow < deadline, "The portal never logged that it is shutting down.");
            await Task.Delay(20);
        }
    }

    /// <summary>A submission on a new connection; null when the connection is refused.</summary>
    private static async Task<HttpResponseMessage?> TryIngestAsync(Uri baseAddress, string token)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        try
        {
            return await http.PostAsJsonAsync("/ingest/", new { id = "after-sigterm", text = "Sent after the portal was told to stop." });
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }
}
