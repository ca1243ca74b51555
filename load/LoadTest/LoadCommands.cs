using System.Globalization;
using RagMemory.Evaluation;
using RagMemory.Load;
using RagMemory.LoadTest.Baselines;
using RagMemory.LoadTest.Measuring;
using RagMemory.LoadTest.Reporting;
using RagMemory.LoadTest.Scenarios;
using RagMemory.LoadTest.Scheduling;
using RagMemory.Vectors.Embedded;

namespace RagMemory.LoadTest;

/// <summary>
/// <c>seed</c>, <c>search</c>: a scenario against a running portal; <c>preload</c>: fill its vector collection;
/// <c>bare-search</c>: the same index searched in process; <c>fill</c>: an index built in process; <c>ingest</c>: ingestion through the API against the bare embedder.
/// </summary>
public static class LoadCommands
{
    private const string Usage = """
        usage: dotnet run -c Release --project load/LoadTest -- <command> [options]
          seed | search  [--mode users|closed|open] [--users 100] [--ramp 10] [--duration 5m] [--think-min 1s] [--think-max 3s]
                         [--rate 200 (open loop, requests per second)] [--max-in-flight 1000] [--seed 20] [--report FILE (no extension)]
                         [--as-client (users sign in as a new admin API client: a hash, not 210000 PBKDF2 rounds, per sign-in)]
              seed: the plan's scenario (vector search 10, graph find 5, ingest 3, upsert 2, node create 1); search: vector search alone
          preload        [--vectors 100000] [--batch 500 (a body of 4 MiB at most, the default Api:MaxRequestBodyBytes)] [--first-id 1000001] [--parallel 2]
          bare-search    --index DATA/vectors.usearch [--threads 1] [--duration 30s] [--report FILE]
          fill           --index FILE [--vectors 1000000] [--storage Float32|BFloat16] [--expansion-add 16]
                         (an HNSW index built in process and saved, for bare-search to load and report its memory)
          ingest         [--data ../shared/data/cranfield] [--texts 200] [--blocks 4] [--concurrency 4]
          every command against a portal: [--url http://127.0.0.1:5000] [--username admin] [--password P | env RAGMEMORY_LOAD_PASSWORD]
                                          or [--client-id ID --client-secret S]
        """;

    public static async Task<int> Main(string[] args)
    {
        var command = new CommandLine(args);
        switch (command.Command)
        {
            case "seed" or "search":
                var report = await RunScenarioAsync(command, Console.Out, CancellationToken.None);
                return report.NoServerErrors && report.EveryRejectionSaysWhen && report.RateLimitWindows.All(w => w.Holds) ? 0 : 1;
            case "preload":
                await PreloadAsync(command, CancellationToken.None);
                return 0;
            case "bare-search":
                BareSearchCommand(command);
                return 0;
            case "ingest":
                await IngestAsync(command, CancellationToken.None);
                return 0;
            case "fill":
                FillCommand(command);
                return 0;
            default:
                Console.WriteLine(Usage);
                return command.Command == "help" ? 0 : 2;
        }
    }

    public static async Task<LoadReport> RunScenarioAsync(CommandLine command, TextWriter output, CancellationToken cancellationToken, HttpClient? client = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(output);
        var scenario = command.Command;
        var settings = Settings(command);
        var url = command.Get("url") ?? "http://127.0.0.1:5000";
        using var owned = client is null ? CreateClient(url) : null;
        var http = client ?? owned!;
        var account = CredentialsFrom(command);
        var stats = new LoadStats();

        // One sign-in before the run reads the server's counters (an admin account may; others skip it) and, with
        // --as-client, makes the API client the users sign in as. It spends a token permit like the users' and is
        // counted with theirs.
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var setupToken = await account.SignInAsync(http, stats, () => clock.Elapsed, TimeSpan.MaxValue, cancellationToken)
            ?? throw new InvalidOperationException("Could not sign in.");
        var credentials = command.Get("as-client") is null ? account : await ApiClients.CreateAsync(http, setupToken, cancellationToken);
        var runner = new LoadRunner(http, settings, ScenarioCatalog.Named(scenario), credentials, output, stats, clock);
        var before = await ServerRateLimits.ReadAsync(http, setupToken, cancellationToken);
        var startedAt = DateTimeOffset.UtcNow;
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{scenario}: {settings.Mode}, {settings.Users} users, ramp {settings.RampPerSecond}/s, {settings.Duration.TotalSeconds:F0} s against {url}"));
        var elapsed = await runner.RunAsync(cancellationToken);
        var after = await ServerRateLimits.ReadAsync(http, setupToken, cancellationToken);

        var commandText = $"dotnet run -c Release --project load/LoadTest -- {scenario} {string.Join(' ', Redacted(command.Options))}".TrimEnd();
        var machine = MachineDescription.Current();
        var report = ReportBuilder.Build(commandText, scenario, ModeText(settings), url, startedAt, elapsed, settings.Users,
            MachineText(machine), stats, before, after);
        var markdown = ReportWriter.ToMarkdown(report);
        await output.WriteLineAsync();
        await output.WriteLineAsync(markdown);
        var path = command.Get("report") ?? $"load-report-{scenario}";
        await File.WriteAllTextAsync(path + ".json", ReportWriter.ToJson(report), cancellationToken);
        await File.WriteAllTextAsync(path + ".md", markdown, cancellationToken);
        await output.WriteLineAsync($"wrote {path}.json and {path}.md");
        return report;
    }

    public static LoadSettings Settings(CommandLine command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var mode = Enum.Parse<LoadMode>(command.Get("mode") ?? "users", ignoreCase: true);
        var settings = new LoadSettings(
            mode,
            command.GetInt("users", 100),
            Number(command, "ramp", 10),
            DurationText.Parse(command.Get("duration") ?? "5m"),
            new ThinkTime(DurationText.Parse(command.Get("think-min") ?? "1s"), DurationText.Parse(command.Get("think-max") ?? "3s")),
            Number(command, "rate", 0),
            command.GetInt("max-in-flight", 1000),
            command.GetInt("seed", 20),
            command.Get("progress") is { } every ? DurationText.Parse(every) : null);
        if (settings.Users < 1 || (mode == LoadMode.Open && settings.ArrivalsPerSecond <= 0) || settings.Think.Max < settings.Think.Min)
        {
            throw new ArgumentException("--users must be 1 or more, --rate above 0 in open loop, and --think-max at least --think-min.");
        }

        return settings;
    }

    private static async Task PreloadAsync(CommandLine command, CancellationToken cancellationToken)
    {
        var url = command.Get("url") ?? "http://127.0.0.1:5000";
        using var client = CreateClient(url);
        var token = await SignInAsync(client, command, cancellationToken);
        var vectors = command.GetInt("vectors", 100_000);
        var elapsed = await Preload.RunAsync(client, token, vectors, command.GetInt("batch", 500), long.Parse(command.Get("first-id") ?? "1000001", CultureInfo.InvariantCulture),
            command.GetInt("parallel", 2), command.GetInt("seed", 20), Console.Out, cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"preloaded {vectors} vectors in {elapsed.TotalSeconds:F1} s ({vectors / elapsed.TotalSeconds:F0} per second)"));
    }

    private static void BareSearchCommand(CommandLine command)
    {
        var index = command.Get("index") ?? throw new ArgumentException("bare-search needs --index, the portal's vectors.usearch (written when it stops).");
        var threads = command.GetInt("threads", 1);
        var before = ResidentMemory.MiB();
        using var loaded = HnswIndex.Load(index, ScenarioCatalog.Dimensions);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{BareSearch.Endpoint}: {loaded.Count} vectors; resident memory {before} MiB before loading {index}, {ResidentMemory.MiB()} MiB after"));
        var row = BareSearch.Run(loaded, threads, DurationText.Parse(command.Get("duration") ?? "30s"), command.GetInt("seed", 20));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{BareSearch.Endpoint}: {threads} thread(s), {row.Requests} searches, {row.Rps:F1} per second, mean {row.MeanMs:F3} ms, p50 {row.P50Ms:F3}, p99 {row.P99Ms:F3}, max {row.MaxMs:F3}"));
        if (command.Get("report") is { } path)
        {
            File.WriteAllText(path + ".json", System.Text.Json.JsonSerializer.Serialize(row));
        }
    }

    private static void FillCommand(CommandLine command)
    {
        var index = command.Get("index") ?? throw new ArgumentException("fill needs --index, the file to save the index to.");
        var vectors = command.GetInt("vectors", 1_000_000);
        var storage = Enum.Parse<Cloud.Unum.USearch.ScalarKind>(command.Get("storage") ?? "Float32", ignoreCase: true);
        var elapsed = DirectFill.Run(index, vectors, storage, command.GetInt("expansion-add", 16), command.GetInt("seed", 20), Console.Out);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"saved an index of {vectors} {storage} vectors to {index} in {elapsed.TotalSeconds:F0} s"));
    }

    private static async Task IngestAsync(CommandLine command, CancellationToken cancellationToken)
    {
        var url = command.Get("url") ?? "http://127.0.0.1:5000";
        using var client = CreateClient(url);
        var token = await SignInAsync(client, command, cancellationToken);
        var collection = SmartCollectionReader.ReadFolder(command.Get("data") ?? RepositoryPaths.DefaultCranfield, GradeScale.InverseOneToFour);
        var texts = collection.IndexedDocuments.Take(command.GetInt("texts", 200)).Select(d => d.Text).ToList();
        var result = await IngestionAgainstEmbedder.RunAsync(client, token, texts, command.GetInt("blocks", 4), command.GetInt("concurrency", 4), Console.Out, cancellationToken);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{result.Texts} texts ({result.Chunks} chunks): POST /ingest/ to done {result.ApiSeconds:F1} s ({result.ApiTextsPerSecond:F2} texts/s), embedder on the chunks {result.EmbedderSeconds:F1} s ({result.EmbedderTextsPerSecond:F2} texts/s); API / embedder {result.Ratio:F3}"));
    }

    private static async Task<string> SignInAsync(HttpClient client, CommandLine command, CancellationToken cancellationToken) =>
        await CredentialsFrom(command).SignInAsync(client, new LoadStats(), () => TimeSpan.Zero, TimeSpan.MaxValue, cancellationToken)
            ?? throw new InvalidOperationException("Could not sign in.");

    private static Credentials CredentialsFrom(CommandLine command) => command.Get("client-id") is { } clientId
        ? new Credentials(null, null, clientId, command.Get("client-secret"))
        : new Credentials(command.Get("username") ?? "admin", command.Get("password") ?? Environment.GetEnvironmentVariable("RAGMEMORY_LOAD_PASSWORD"));

    private static HttpClient CreateClient(string url) => new(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
    {
        BaseAddress = new Uri(url),
        Timeout = Timeout.InfiniteTimeSpan,
    };

    /// <summary>The machine's cores, not only those this process was pinned to (which <see cref="Environment.ProcessorCount"/> counts).</summary>
    private static string MachineText(MachineDescription machine)
    {
        var cores = File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo").Count(line => line.StartsWith("processor", StringComparison.Ordinal)) : machine.Cores;
        return $"{cores} cores (the generator on {machine.Cores}), load average {machine.LoadAverage}";
    }

    private static double Number(CommandLine command, string name, double fallback) =>
        command.Get(name) is { } value ? double.Parse(value, CultureInfo.InvariantCulture) : fallback;

    private static string ModeText(LoadSettings settings) => settings.Mode switch
    {
        LoadMode.Users => $"users with {settings.Think.Min.TotalSeconds:0.#}-{settings.Think.Max.TotalSeconds:0.#} s think time, ramp {settings.RampPerSecond:0.#}/s",
        LoadMode.Closed => $"closed loop (no think time), ramp {settings.RampPerSecond:0.#}/s",
        _ => string.Create(CultureInfo.InvariantCulture, $"open loop at {settings.ArrivalsPerSecond:0.#} requests/s"),
    };

    /// <summary>The options as typed, secrets left out, for the report's command line.</summary>
    private static IEnumerable<string> Redacted(IReadOnlyList<string> options)
    {
        for (var i = 0; i < options.Count; i++)
        {
            yield return options[i];
            if (options[i] is "--password" or "--client-secret" && i + 1 < options.Count)
            {
                yield return "***";
                i++;
            }
        }
    }
}
