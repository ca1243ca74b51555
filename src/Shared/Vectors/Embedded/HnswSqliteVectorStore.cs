using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Cloud.Unum.USearch;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RagMemory.Errors;
using RagMemory.Storage;

namespace RagMemory.Vectors.Embedded;

/// <summary>
/// The embedded vector store: SQLite holds every vector and payload (the source of truth) and an HNSW index file beside
/// it answers searches. The index is saved with the write version it reflects; when the file is missing, corrupt or
/// older than SQLite, it is rebuilt from SQLite at start.
/// </summary>
public sealed partial class HnswSqliteVectorStore : IVectorStore, IDisposable
{
    private const int FilteredOversampling = 20;
    private readonly SqliteDatabase _database;
    private readonly string _indexPath;
    private readonly ILogger<HnswSqliteVectorStore> _logger;
    private readonly HnswIndex _index;

    // A write changes SQLite and then the index; without one order for both, two writers of one id could leave the
    // index holding the vector SQLite replaced. Saving takes it too, so a saved index matches the version beside it.
    private readonly Lock _writes = new();
    private readonly VectorIndexOptions _options;
    private int _disposed;

    public HnswSqliteVectorStore(SqliteDatabase database, IOptions<StorageOptions> storage, IOptions<VectorIndexOptions> options, ILogger<HnswSqliteVectorStore> logger)
    {
        _database = database;
        _indexPath = storage.Value.VectorIndexPath;
        _logger = logger;
        Dimensions = options.Value.Dimensions;
        _options = options.Value;
        (_index, IndexState) = OpenOrRebuild();
    }

    public int Dimensions { get; }

    /// <summary>How the index came up: <c>loaded</c> from its file or <c>rebuilt</c> from SQLite.</summary>
    public string IndexState { get; }

    /// <summary>The candidate list length the index searches with (Vectors:ExpansionSearch), loaded or built.</summary>
    public int SearchExpansion => _index.ExpansionSearch;

    public Task UpsertAsync(IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default)
    {
        VectorChecks.Records(records, Dimensions);

        lock (_writes)
        {
            WriteUpserts(records);
        }

        return Task.CompletedTask;
    }

    private void WriteUpserts(IReadOnlyList<VectorRecord> records)
    {
        var keys = new ulong[records.Count];
        using (var connection = _database.Open())
        using (var transaction = connection.BeginTransaction())
        {
            using var upsert = connection.CreateCommand();
            upsert.Transaction = transaction;
            upsert.CommandText = """
                INSERT INTO vectors(id_json, vector, payload) VALUES ($id, $vector, $payload)
                ON CONFLICT(id_json) DO UPDATE SET vector = excluded.vector, payload = excluded.payload
                RETURNING key;
                """;
            var id = upsert.Parameters.Add("$id", SqliteType.Text);
            var vector = upsert.Parameters.Add("$vector", SqliteType.Blob);
            var payload = upsert.Parameters.Add("$payload", SqliteType.Text);
            for (var i = 0; i < records.Count; i++)
            {
                id.Value = records[i].Id.Json;
                vector.Value = MemoryMarshal.AsBytes(records[i].Vector.AsSpan()).ToArray();
                payload.Value = records[i].Payload.ToJsonString();
                keys[i] = Convert.ToUInt64(upsert.ExecuteScalar(), CultureInfo.InvariantCulture);
            }

            BumpVersion(connection, transaction);
            transaction.Commit();
        }

        for (var i = 0; i < records.Count; i++)
        {
            _index.Upsert(keys[i], records[i].Vector);
        }
    }

    public Task DeleteAsync(IReadOnlyList<RecordId> ids, CancellationToken cancellationToken = default)
    {
        lock (_writes)
        {
            WriteDeletes(ids);
        }

        return Task.CompletedTask;
    }

    private void WriteDeletes(IReadOnlyList<RecordId> ids)
    {
        var removed = new List<ulong>();
        using (var connection = _database.Open())
        using (var transaction = connection.BeginTransaction())
        {
            using var delete = connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM vectors WHERE id_json = $id RETURNING key;";
            var id = delete.Parameters.Add("$id", SqliteType.Text);
            foreach (var recordId in ids)
            {
                id.Value = recordId.Json;
                if (delete.ExecuteScalar() is { } key)
                {
                    removed.Add(Convert.ToUInt64(key, CultureInfo.InvariantCulture));
                }
            }

            BumpVersion(connection, transaction);
            transaction.Commit();
        }

        removed.ForEach(_index.Remove);
    }

    public Task<IReadOnlyList<VectorHit>> SearchAsync(float[] query, int limit, PayloadFilter? filter = null, CancellationToken cancellationToken = default)
    {
        VectorChecks.Search(query, limit, Dimensions);
        var wanted = filter is null ? limit : limit * FilteredOversampling;
        var nearest = _index.Search(query, wanted);
        var hits = LoadHits(nearest, filter, limit);

        // A selective filter can leave too few of the approximate neighbours, and after many replacements of the same
        // ids the graph can fail to reach every node; either way an exact scan is the honest answer.
        var unreached = nearest.Count < wanted && nearest.Count < _index.Count;
        if ((filter is not null && hits.Count < limit && nearest.Count == wanted) || unreached)
        {
            hits = ExactSearch(query, filter, limit);
        }

        return Task.FromResult<IReadOnlyList<VectorHit>>(hits);
    }

    public Task<CollectionInfo> GetInfoAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(new CollectionInfo(_index.Count, Dimensions, "cosine", IndexState, "usearch-hnsw+sqlite"));

    /// <summary>Saves the index with the SQLite write version it reflects, so the next start can trust it.</summary>
    public void Save()
    {
        lock (_writes)
        {
            string version;
            using (var connection = _database.Open())
            {
                version = ReadVersion(connection);
            }

            var temporary = _indexPath + ".tmp";
            _index.Save(temporary);
            File.Move(temporary, _indexPath, overwrite: true);
            File.WriteAllText(VersionPath, version);
        }
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            Save();
        }
        catch (Exception exception) when (exception is IOException or USearchException or SqliteException)
        {
            // The next start rebuilds from SQLite, so a failed save loses nothing.
            LogSaveFailed(_logger, exception);
        }

        _index.Dispose();
    }

    private string VersionPath => _indexPath + ".version";

    private (HnswIndex Index, string State) OpenOrRebuild()
    {
        using var connection = _database.Open();
        var version = ReadVersion(connection);
        var rows = CountRows(connection);
        if (File.Exists(_indexPath) && File.Exists(VersionPath) && File.ReadAllText(VersionPath) == version)
        {
            try
            {
                var loaded = HnswIndex.Load(_indexPath, Dimensions, _options.Hnsw);
                if (loaded.Count == rows)
                {
                    return (loaded, "loaded");
                }

                loaded.Dispose();
            }
            catch (USearchException exception)
            {
                LogIndexUnreadable(_logger, _indexPath, exception);
            }
        }

        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        var index = HnswIndex.Create(Dimensions, _options.Storage, _options.Hnsw);
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT key, vector FROM vectors;";
        using var reader = read.ExecuteReader();
        while (reader.Read())
        {
            index.Upsert((ulong)reader.GetInt64(0), ToVector((byte[])reader[1]));
        }

        LogIndexRebuilt(_logger, rows, stopwatch.ElapsedMilliseconds);
        return (index, "rebuilt");
    }

    private List<VectorHit> LoadHits(IReadOnlyList<(ulong Key, float Distance)> nearest, PayloadFilter? filter, int limit)
    {
        var hits = new List<VectorHit>(Math.Min(limit, nearest.Count));
        using var connection = _database.Open();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT id_json, payload FROM vectors WHERE key = $key;";
        var key = read.Parameters.Add("$key", SqliteType.Integer);
        foreach (var (hitKey, distance) in nearest)
        {
            key.Value = (long)hitKey;
            using var reader = read.ExecuteReader();
            if (!reader.Read())
            {
                continue;
            }

            var payload = (JsonObject)JsonNode.Parse(reader.GetString(1))!;
            if (filter is null || filter.Matches(payload))
            {
                hits.Add(new VectorHit(RecordId.FromStoredJson(reader.GetString(0)), 1f - distance, payload));
                if (hits.Count == limit)
                {
                    break;
                }
            }
        }

        return hits;
    }

    private List<VectorHit> ExactSearch(float[] query, PayloadFilter? filter, int limit)
    {
        var scored = new PriorityQueue<VectorHit, float>();
        using var connection = _database.Open();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT id_json, vector, payload FROM vectors;";
        using var reader = read.ExecuteReader();
        while (reader.Read())
        {
            var payload = (JsonObject)JsonNode.Parse(reader.GetString(2))!;
            if (filter is not null && !filter.Matches(payload))
            {
                continue;
            }

            var score = TensorPrimitives.CosineSimilarity(query, ToVector((byte[])reader[1]));
            scored.Enqueue(new VectorHit(RecordId.FromStoredJson(reader.GetString(0)), score, payload), score);
            if (scored.Count > limit)
            {
                scored.Dequeue();
            }
        }

        var hits = new List<VectorHit>(scored.Count);
        while (scored.Count > 0)
        {
            hits.Add(scored.Dequeue());
        }

        hits.Reverse();
        return hits;
    }

    private static float[] ToVector(byte[] blob) => MemoryMarshal.Cast<byte, float>(blob).ToArray();

    private static long CountRows(SqliteConnection connection)
    {
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM vectors;";
        return Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static string ReadVersion(SqliteConnection connection)
    {
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT value FROM meta WHERE name = 'vectors_version';";
        return (string)read.ExecuteScalar()!;
    }

    private static void BumpVersion(SqliteConnection connection, SqliteTransaction transaction) =>
        SqliteDatabase.Execute(connection, "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE name = 'vectors_version';", transaction);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Vector index file {Path} is unreadable; rebuilding from SQLite")]
    private static partial void LogIndexUnreadable(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Vector index rebuilt from SQLite: {Count} vectors in {ElapsedMs} ms")]
    private static partial void LogIndexRebuilt(ILogger logger, long count, long elapsedMs);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Saving the vector index failed; it will be rebuilt at the next start")]
    private static partial void LogSaveFailed(ILogger logger, Exception exception);
}
