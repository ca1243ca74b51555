using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using RagMemory.Embeddings;
using RagMemory.Graph;
using RagMemory.Tests.E2E.Infrastructure;

namespace RagMemory.Tests.Reliability;

/// <summary>
/// What a data folder holds of the submitted events, read from outside the portal: over its API while it runs, from
/// its SQLite file once it has stopped. Expected chunks and entities come from the portal's own chunker (default
/// settings) and entity extractor, so that "stored exactly once" is a count to compare.
/// </summary>
public static class StoredEvents
{
    private static readonly TextChunker Chunker = new(Options.Create(new EmbeddingOptions()));

    /// <summary>
    /// Each event is found by a vector search for its first chunk (through the HNSW index) and by a hybrid search for
    /// its marker word (through the keyword index).
    /// </summary>
    public static async Task AssertFindableAsync(HttpClient client, IReadOnlyDictionary<string, string> events)
    {
        var missing = new System.Collections.Concurrent.ConcurrentBag<string>();
        await Parallel.ForEachAsync(events, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (pair, cancellationToken) =>
        {
            var (id, text) = pair;
            using var vector = await client.PostAsJsonAsync("/memory/search", new { query = Chunker.Split(text)[0].Text, limit = 10 }, cancellationToken);
            vector.EnsureSuccessStatusCode();
            var vectorHits = (await vector.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["results"]!.AsArray();
            if (!vectorHits.Any(hit => hit!["payload"]?["event_id"]?.GetValue<string>() == id))
            {
                missing.Add($"{id} (vector search)");
            }

            using var hybrid = await client.PostAsJsonAsync("/hybrid/search", new { query = CorpusText.Marker(id), limit = 5 }, cancellationToken);
            hybrid.EnsureSuccessStatusCode();
            var hybridHits = (await hybrid.Content.ReadFromJsonAsync<JsonObject>(cancellationToken))!["results"]!.AsArray();
            if (!hybridHits.Any(hit => hit!["event_id"]?.GetValue<string>() == id))
            {
                missing.Add($"{id} (hybrid search)");
            }
        });

        Assert.True(missing.IsEmpty, $"{missing.Count} of {events.Count} events not found: {string.Join(", ", missing.Order().Take(20))}");
    }

    /// <summary>
    /// With the portal stopped: every accepted event is done; every stored event was submitted (accepted or uncertain)
    /// and is done; each has exactly its chunks as vectors and as keyword rows, one event node and one mention per
    /// entity; and nothing else is stored.
    /// </summary>
    public static void AssertStoredExactlyOnce(string dataFolder, IngestingClients clients) =>
        AssertStoredExactlyOnce(dataFolder, clients.Accepted, clients.Submitted);

    /// <summary>As above, where every event of <paramref name="accepted"/> must be there and others of <paramref name="submitted"/> may be.</summary>
    public static void AssertStoredExactlyOnce(string dataFolder, IReadOnlyDictionary<string, string> accepted, IReadOnlyDictionary<string, string> submitted)
    {
        using var connection = OpenReadOnly(dataFolder);
        var statuses = Rows(connection, "SELECT id_json, status FROM ingest_events;").ToDictionary(r => Id(r[0]), r => (string)r[1]);

        var notDone = accepted.Keys.Where(id => statuses.GetValueOrDefault(id) != "done").Order().ToList();
        Assert.True(notDone.Count == 0, $"{notDone.Count} of {accepted.Count} accepted events are not done: {Describe(notDone, statuses)}");
        var phantoms = statuses.Keys.Where(id => !submitted.ContainsKey(id)).ToList();
        Assert.True(phantoms.Count == 0, $"Stored but never submitted: {string.Join(", ", phantoms.Take(20))}");
        var stuck = statuses.Where(s => s.Value != "done").Select(s => s.Key).Order().ToList();
        Assert.True(stuck.Count == 0, $"{stuck.Count} stored events are not done: {Describe(stuck, statuses)}");

        var vectors = Counts(connection, "SELECT json_extract(payload, '$.event_id'), COUNT(*) FROM chunk_vectors GROUP BY 1;", raw: true);
        var keywords = Counts(connection, "SELECT event_id, COUNT(*) FROM chunks GROUP BY event_id;");
        var eventNodes = Counts(connection, "SELECT json_extract(properties, '$.event_id'), COUNT(*) FROM nodes WHERE label = $label GROUP BY 1;", raw: true, (GraphNames.EventLabel, "$label"));
        var mentions = Counts(connection, """
            SELECT json_extract(n.properties, '$.event_id'), COUNT(*) FROM nodes n JOIN relationships r ON r.from_id = n.id AND r.type = $mentions
            WHERE n.label = $label GROUP BY n.id;
            """, raw: true, (GraphNames.EventLabel, "$label"), (GraphNames.Mentions, "$mentions"));

        var wrong = new List<string>();
        foreach (var id in statuses.Keys)
        {
            var text = submitted[id];
            var chunks = Chunker.Split(text).Count;
            var entities = EntityExtractor.Extract(text).Entities.Count;
            var found = (Vectors: vectors.GetValueOrDefault(id), Keywords: keywords.GetValueOrDefault(id), Nodes: eventNodes.GetValueOrDefault(id), Mentions: mentions.GetValueOrDefault(id));
            if (found != (chunks, chunks, 1, entities))
            {
                wrong.Add($"{id}: expected {chunks} vectors, {chunks} keyword rows, 1 event node, {entities} mentions; found {found}");
            }
        }

        Assert.True(wrong.Count == 0, $"{wrong.Count} events are not stored exactly once:\n{string.Join('\n', wrong.Take(20))}");
        var orphans = vectors.Keys.Concat(keywords.Keys).Concat(eventNodes.Keys).Where(id => !statuses.ContainsKey(id)).Distinct().ToList();
        Assert.True(orphans.Count == 0, $"Chunks or graph nodes of no stored event: {string.Join(", ", orphans.Take(20))}");
    }

    /// <summary>The chunk vectors SQLite holds, read while no portal runs on the folder (after a kill, say).</summary>
    public static long ChunkRows(string dataFolder)
    {
        using var connection = OpenReadOnly(dataFolder);
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM chunk_vectors;";
        return Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// How the process opened its chunk index, from its own log: <c>rebuilt</c> or <c>loaded</c> (after checking it
    /// holds every key SQLite has), with the number of vectors it then held.
    /// </summary>
    public static (string State, long Count) ChunkIndexAtStart(PortalProcess process)
    {
        const int Rebuilt = 2002, Loaded = 2004;
        var opened = Logged(process, Rebuilt, Loaded).Where(entry => entry.GetProperty("Collection").GetString() == "chunks").ToList();
        Assert.True(opened.Count == 1, $"The portal logged {opened.Count} openings of its chunk index. It printed:\n{process.Output}");
        return (opened[0].GetProperty("EventId").GetProperty("Id").GetInt32() == Rebuilt ? "rebuilt" : "loaded", opened[0].GetProperty("Count").GetInt64());
    }

    /// <summary>The process's log entries (compact JSON on its redirected standard output) with one of <paramref name="eventIds"/>.</summary>
    public static IEnumerable<JsonElement> Logged(PortalProcess process, params int[] eventIds)
    {
        foreach (var line in process.Output.Split('\n'))
        {
            if (!line.StartsWith('{'))
            {
                continue;
            }

            var entry = JsonDocument.Parse(line).RootElement;
            if (entry.TryGetProperty("EventId", out var eventId) && eventIds.Contains(eventId.GetProperty("Id").GetInt32()))
            {
                yield return entry;
            }
        }
    }

    /// <summary>With no portal running: events left processing, and bus messages left handed out (in flight).</summary>
    public static (long Processing, long InFlight) Unsettled(string dataFolder)
    {
        using var connection = OpenReadOnly(dataFolder);
        var processing = Rows(connection, "SELECT COUNT(*) FROM ingest_events WHERE status = 'processing';")[0][0];
        var inFlight = Rows(connection, "SELECT COUNT(*) FROM event_bus WHERE state = 'in_flight';")[0][0];
        return ((long)processing, (long)inFlight);
    }

    /// <summary>
    /// Read-only, so that the test changes nothing a crash left behind: the portal's next start is the one that finds
    /// the write-ahead log and recovers from it.
    /// </summary>
    private static SqliteConnection OpenReadOnly(string dataFolder)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataFolder, "ragmemory.db"),
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = false,
        }.ToString());
        connection.Open();
        return connection;
    }

    private static string Describe(IEnumerable<string> ids, Dictionary<string, string> statuses) =>
        string.Join(", ", ids.Take(20).Select(id => $"{id} ({statuses.GetValueOrDefault(id) ?? "missing"})"));

    /// <summary>A string id from its stored JSON form.</summary>
    private static string Id(object json) => JsonSerializer.Deserialize<string>((string)json)!;

    private static Dictionary<string, long> Counts(SqliteConnection connection, string sql, bool raw = false, params (string Value, string Name)[] parameters) =>
        Rows(connection, sql, parameters).ToDictionary(r => raw ? (string)r[0] : Id(r[0]), r => (long)r[1]);

    private static List<object[]> Rows(SqliteConnection connection, string sql, params (string Value, string Name)[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (value, name) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var rows = new List<object[]>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }

        return rows;
    }
}
