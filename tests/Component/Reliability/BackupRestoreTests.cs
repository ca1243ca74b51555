using Xunit.Abstractions;

namespace RagMemory.Tests.Reliability;

/// <summary>
/// <c>backup --to DIR</c> while the portal ingests, <c>restore --from DIR</c> into a fresh folder, and a portal
/// started there: everything accepted before the backup began is there, done (or finished after the start), found,
/// and stored exactly once; the vector index is rebuilt from the restored SQLite file.
/// </summary>
[Collection(ReliabilityCollection.Name)]
public sealed class BackupRestoreTests(ITestOutputHelper output)
{
    [Fact]
    public async Task A_backup_taken_during_ingestion_restores_into_a_fresh_folder_where_a_portal_finds_everything_accepted_before_it()
    {
        await using var source = new DataFolderPortal();
        var running = await source.StartAsync();
        var clients = new IngestingClients(seed: 22);
        var backupFolder = Path.Combine(Path.GetTempPath(), "ragmemory-tests", $"backup-{Guid.NewGuid():N}");
        Dictionary<string, string> acceptedBeforeBackup;
        try
        {
            using (var stop = new CancellationTokenSource())
            {
                var load = clients.RunAsync(running.BaseAddress, await source.TokenAsync(), 3, TimeSpan.FromMilliseconds(50), stop.Token);
                // Some events done (their chunks written) and more queued: the backup holds both kinds.
                await source.WaitForChunksAsync(0);

                await WaitForAsync(() => clients.Accepted.Count >= 40);
                acceptedBeforeBackup = new(clients.Accepted);
                var backup = await DataFolderPortal.RunCommandAsync("backup", "--to", backupFolder, "--Storage:DataDirectory", source.DataFolder);
                output.WriteLine($"backup exited {backup.ExitCode} with {acceptedBeforeBackup.Count} events accepted before it began: {backup.Output}");
                Assert.True(backup.ExitCode == 0, backup.Output);
                await Task.Delay(500);
                await stop.CancelAsync();
                await load;
            }

            Assert.False(running.HasExited, "The portal stopped during the backup.");
            Assert.False(File.Exists(Path.Combine(backupFolder, "chunks.usearch")), "The backup holds an index file; it should be rebuilt from SQLite.");

            await using var restored = new DataFolderPortal();
            var restore = await DataFolderPortal.RunCommandAsync("restore", "--from", backupFolder, "--Storage:DataDirectory", restored.DataFolder);
            output.WriteLine($"restore exited {restore.ExitCode}: {restore.Output}");
            Assert.True(restore.ExitCode == 0, restore.Output);
            var again = await DataFolderPortal.RunCommandAsync("restore", "--from", backupFolder, "--Storage:DataDirectory", restored.DataFolder);
            Assert.True(again.ExitCode == 1, $"A restore over a restored folder exited {again.ExitCode}: {again.Output}");

            var process = await restored.StartAsync();
            Assert.Equal("rebuilt", StoredEvents.ChunkIndexAtStart(process).State);
            await restored.WaitUntilIngestedAsync(TimeSpan.FromMinutes(3));
            using (var client = await restored.ClientAsync())
            {
                await StoredEvents.AssertFindableAsync(client, acceptedBeforeBackup);
            }

            await process.KillAsync();
            StoredEvents.AssertStoredExactlyOnce(restored.DataFolder, acceptedBeforeBackup, clients.Submitted);
        }
        finally
        {
            if (Directory.Exists(backupFolder))
            {
                Directory.Delete(backupFolder, recursive: true);
            }
        }
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(1);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The clients got too few events accepted.");
            await Task.Delay(50);
        }
    }
}
