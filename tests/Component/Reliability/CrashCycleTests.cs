using System.Globalization;
using System.Net;
using Xunit.Abstractions;

namespace RagMemory.Tests.Reliability;

/// <summary>
/// The real portal process, killed with SIGKILL at random moments while several clients ingest, and started again on
/// the same data folder, cycle after cycle: whatever got a 202 ends done, findable and stored exactly once, and each
/// start opens an HNSW index that holds exactly what SQLite holds (rebuilt, or loaded after checking its keys).
/// Some cycles send SIGTERM first and kill during the shutdown, when the index file may be half saved.
/// </summary>
/// <remarks>
/// <c>RAGMEMORY_CRASH_CYCLES</c> sets the number of cycles (10 by default) and <c>RAGMEMORY_CRASH_SEED</c> repeats a
/// run's kill moments; the seed is printed either way.
/// </remarks>
[Collection(ReliabilityCollection.Name)]
public sealed class CrashCycleTests(ITestOutputHelper output)
{
    private const int Clients = 3;

    /// <summary>Bounds a cycle's events where the kill waits for the worker's writes, which a loaded machine makes slow.</summary>
    private const int PerClientAndCycle = 12;
    private static readonly TimeSpan ClientPause = TimeSpan.FromMilliseconds(400);

    [Fact]
    public async Task Events_accepted_between_kills_at_random_moments_end_done_findable_and_stored_exactly_once()
    {
        var cycles = Setting("RAGMEMORY_CRASH_CYCLES", 10);
        var seed = Setting("RAGMEMORY_CRASH_SEED", Environment.TickCount & int.MaxValue);
        output.WriteLine($"seed {seed}, {cycles} cycles (RAGMEMORY_CRASH_SEED={seed} repeats the kill moments)");
        var random = new Random(seed);
        var clients = new IngestingClients(seed);
        await using var portal = new DataFolderPortal();
        long chunkRows = 0;
        var terminatedRounds = new HashSet<int>();

        for (var cycle = 0; cycle < cycles; cycle++)
        {
            var process = await portal.StartAsync();
            var index = StoredEvents.ChunkIndexAtStart(process);
            Assert.True(index.Count == chunkRows, $"Cycle {cycle}: the chunk index was {index.State} with {index.Count} vectors; SQLite holds {chunkRows}.");

            // Half the kills wait for the worker's first writes of this cycle, so that they land while it writes chunks
            // and the next start has an index to rebuild; the others fall anywhere, from the resume at start on.
            var afterWrites = random.Next(2) == 0;
            var killAfter = TimeSpan.FromMilliseconds(afterWrites ? random.Next(0, 1500) : random.Next(300, 6000));
            var duringShutdown = random.Next(3) == 0 ? TimeSpan.FromMilliseconds(random.Next(0, 300)) : (TimeSpan?)null;
            using (var stop = new CancellationTokenSource())
            {
                var load = clients.RunAsync(process.BaseAddress, await portal.TokenAsync(), Clients, ClientPause, stop.Token, PerClientAndCycle);
                if (afterWrites)
                {
                    await portal.WaitForChunksAsync(chunkRows);
                }

                await Task.Delay(killAfter);
                if (duringShutdown is { } delay)
                {
                    // Submissions the stopping process refuses (503) are expected in this round and no other.
                    terminatedRounds.Add(cycle + 1);
                    await process.SendTerminateAsync();
                    await Task.Delay(delay);
                }

                if (!process.HasExited)
                {
                    await process.KillAsync();
                }

                await stop.CancelAsync();
                await load;
            }

            chunkRows = StoredEvents.ChunkRows(portal.DataFolder);
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"cycle {cycle}: index {index.State} with {index.Count}; killed {killAfter.TotalMilliseconds} ms after {(afterWrites ? "the first chunk writes" : "the start")}{(duringShutdown is { } d ? $", {d.TotalMilliseconds} ms into a SIGTERM shutdown" : "")}; accepted {clients.Accepted.Count}, uncertain {clients.Uncertain.Count}, chunk vectors {chunkRows}"));
        }

        var last = await portal.StartAsync();
        var lastIndex = StoredEvents.ChunkIndexAtStart(last);
        Assert.True(lastIndex.Count == chunkRows, $"After the last kill the chunk index was {lastIndex.State} with {lastIndex.Count} vectors; SQLite holds {chunkRows}.");
        await portal.WaitUntilIngestedAsync(TimeSpan.FromMinutes(5));
        using (var client = await portal.ClientAsync())
        {
            await StoredEvents.AssertFindableAsync(client, clients.Accepted);
        }

        // A clean stop saves the index with its version: the next start loads it, after checking its keys.
        Assert.Equal(0, await last.TerminateAsync(TimeSpan.FromMinutes(1)));
        chunkRows = StoredEvents.ChunkRows(portal.DataFolder);
        var saved = await portal.StartAsync();
        Assert.Equal(("loaded", chunkRows), StoredEvents.ChunkIndexAtStart(saved));
        await saved.KillAsync();
        var unexpected = clients.Refused.Where(r => r.Value != HttpStatusCode.ServiceUnavailable || !terminatedRounds.Contains(IngestingClients.RoundOf(r.Key))).ToList();
        Assert.True(unexpected.Count == 0, $"Submissions answered other than 202, or 503 while stopping: {string.Join(", ", unexpected.Take(20))}");
        Assert.True(clients.Accepted.Count >= cycles, $"Only {clients.Accepted.Count} events were accepted in {cycles} cycles.");
        StoredEvents.AssertStoredExactlyOnce(portal.DataFolder, clients);
        output.WriteLine($"{clients.Accepted.Count} accepted and {clients.Uncertain.Count} uncertain events over {cycles} kills: every accepted one done, found and stored once.");
    }

    private static int Setting(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : fallback;
}
