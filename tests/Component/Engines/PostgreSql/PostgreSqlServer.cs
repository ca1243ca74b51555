using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace RagMemory.Tests.Engines.PostgreSql;

/// <summary>
/// A real PostgreSQL server for the tests of one run: Debian's binaries (<c>/usr/lib/postgresql/*/bin</c>) initialise a
/// throwaway data folder, and <c>postgres</c> serves it on a free loopback port until the run ends, when the server is
/// stopped and the folder removed. PostgreSQL refuses to run as root, so as root it runs as the <c>postgres</c> system
/// user that Debian's package creates. <c>RAGMEMORY_TEST_POSTGRES</c>, a connection string of a user allowed to
/// create databases, uses that server instead. Without either the tests fail, saying what is missing: CI needs them.
/// </summary>
public sealed class PostgreSqlServer : IAsyncLifetime
{
    public const string Variable = "RAGMEMORY_TEST_POSTGRES";

    private readonly List<string> _databases = [];
    private string? _dataFolder;
    private string? _binaries;
    private string _adminConnectionString = string.Empty;

    public async Task InitializeAsync()
    {
        if (Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } given)
        {
            _adminConnectionString = given;
            return;
        }

        _binaries = FindBinaries() ?? throw new InvalidOperationException(
            "The PostgreSQL tests need a PostgreSQL server and found none: no initdb under /usr/lib/postgresql/*/bin or on the PATH. " +
            $"Run scripts/install-test-deps.sh (it installs Debian's postgresql), or set {Variable} to the connection string of a server whose user may create databases.");
        var port = FreeLoopbackPort();
        _dataFolder = Path.Combine(Path.GetTempPath(), $"ragmemory-pg-{Guid.NewGuid():N}");

        // initdb creates the folder itself, owned by whoever runs it; the temp folder lets any user create one.
        await RunAsync("initdb", ["-D", _dataFolder, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync"]);

        // Durability is not under test here: without fsync the server starts and writes in a fraction of the time.
        await RunAsync("pg_ctl", ["-D", _dataFolder, "-l", Path.Combine(_dataFolder, "server.log"), "-w", "-t", "60", "-o",
            $"-p {port} -k {_dataFolder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200", "start"]);
        _adminConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false";
    }

    /// <summary>A new, empty database on the server, for one test class or one test; its connection string.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = $"ragmemory_test_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(_adminConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name};", connection);
            await create.ExecuteNonQueryAsync();
        }

        lock (_databases)
        {
            _databases.Add(name);
        }

        return new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = name, Pooling = true }.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_dataFolder is null)
        {
            // Someone else's server: drop only what this run created.
            await using var connection = new NpgsqlConnection(_adminConnectionString);
            await connection.OpenAsync();
            foreach (var name in _databases)
            {
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE);", connection);
                await drop.ExecuteNonQueryAsync();
            }

            return;
        }

        try
        {
            await RunAsync("pg_ctl", ["-D", _dataFolder, "-m", "immediate", "-w", "stop"]);
        }
        finally
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
    }

    private static string? FindBinaries()
    {
        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var major) ? major : 0)
                .FirstOrDefault()
            : null;
        return debian ?? (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(folder => File.Exists(Path.Combine(folder, "initdb")) && File.Exists(Path.Combine(folder, "pg_ctl")));
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs one of the server's programs, as the <c>postgres</c> user when this process is root.</summary>
    private async Task RunAsync(string program, IReadOnlyList<string> arguments)
    {
        var path = Path.Combine(_binaries!, program);
        var asRoot = Environment.UserName == "root";
        var start = new ProcessStartInfo(asRoot ? "runuser" : path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asRoot)
        {
            foreach (var argument in new[] { "-u", "postgres", "--", path })
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            var log = _dataFolder is not null && File.Exists(Path.Combine(_dataFolder, "server.log")) ? File.ReadAllText(Path.Combine(_dataFolder, "server.log")) : string.Empty;
            throw new InvalidOperationException(
                $"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}{(asRoot ? " (run as the postgres user: is there one? Debian's postgresql package creates it)" : string.Empty)}:\n{await output}\n{await error}\n{log}");
        }
    }
}
