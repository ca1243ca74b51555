using Microsoft.Extensions.Options;
using RagMemory.Storage;

namespace RagMemory.Portal;

/// <summary>
/// <c>backup --to DIR</c> and <c>restore --from DIR</c>: the portal's executable run as a command on its data folder
/// (<c>Storage:DataDirectory</c>, read from the same configuration as the portal: appsettings.json, environment,
/// further command-line settings). A backup may run while the portal runs; a restore writes only into a folder that
/// holds no database yet, and the portal started there rebuilds its vector indexes.
/// </summary>
public static class DataFolderCommands
{
    private static readonly Dictionary<string, string> Commands = new(StringComparer.Ordinal)
    {
        ["backup"] = "--to",
        ["restore"] = "--from",
    };

    public static bool IsCommand(string[] args) => args.Length > 0 && Commands.ContainsKey(args[0]);

    /// <summary>Runs the command in <paramref name="args"/>; the exit code is 0 when it succeeded, 1 when it did not, 2 on a usage error.</summary>
    public static int Run(string[] args)
    {
        var command = args[0];
        var folderOption = Commands[command];
        var at = Array.IndexOf(args, folderOption);
        if (at < 0 || at + 1 >= args.Length)
        {
            Console.Error.WriteLine($"usage: {command} {folderOption} DIR [--Storage:DataDirectory DATA]");
            return 2;
        }

        var folder = args[at + 1];
        string[] settings = [.. args[1..at], .. args[(at + 2)..]];
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = settings, ContentRootPath = AppContext.BaseDirectory });
        builder.Services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName);
        using var services = builder.Services.BuildServiceProvider();
        var dataFolder = services.GetRequiredService<IOptions<StorageOptions>>().Value.DataDirectory;
        try
        {
            var summary = command == "backup" ? DataFolderBackup.Backup(dataFolder, folder) : DataFolderBackup.Restore(folder, dataFolder);
            Console.WriteLine($"{command}: {summary.Database} ({summary.Events} events, {summary.ChunkVectors} chunk vectors; integrity check: {summary.IntegrityCheck})");
            return summary.IntegrityCheck == "ok" ? 0 : 1;
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            Console.Error.WriteLine($"{command} failed: {exception.Message}");
            return 1;
        }
    }
}
