using System.Globalization;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Cloud.Unum.USearch;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RagMemory.Engines;
using RagMemory.Namespaces;
using RagMemory.Storage;

namespace RagMemory.Vectors.Embedded;

/// <summary>
/// The embedded vector store: SQLite holds every vector and payload (the source of truth) and an HNSW index file beside
/// it answers searches. The index is saved with the write version it reflects; when the file is missing, corrupt,
/// older than SQLite or holds other keys than SQLite, it is rebuilt from SQLite at start. One index serves every namespace: a search reads only its
/// namespace's rows and falls back to an exact scan when the neighbours found were mostly another namespace's.
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
    private readonly VectorCollection _collection;
    private int _disposed;

    public HnswSqliteVectorStore(SqliteDatabase database, IOptions<StorageOptions> storage, IOptions<VectorIndexOptions> options, ILogger<HnswSqliteVectorStore> logger, VectorCollection? collection = null)
    {
        _database = database;
        _collection = collection ?? VectorCollection.Client;
        _indexPath = Path.Combine(Path.GetFullPath(storage.Value.DataDirectory), _collection.IndexFileName);
        _logger = logger;
        Dimensions = options.Value.Dimensions ?? throw new InvalidOperationException($"{VectorIndexOptions.SectionName}:Dimensions is not set and the embedder names no dimension.");
        _options = options.Value;
        (_index, IndexState) = OpenOrRebuild();
    }

    public int Dimensions { get; }

    /// <summary>How the index came up: <c>loaded</c> from its file or <c>rebuilt</c> from SQLite.</summary>
    public string IndexState { get; }

    /// <summary>The candidate list length the index searches with (Vectors:ExpansionSearch), loaded or built.</summary>
    public int SearchExpansion => _index.ExpansionSearch;

    public Task UpsertAsync(MemoryNamespace ns, IReadOnlyList<VectorRecord> records, CancellationToken cancellationToken = default)
    {
        VectorChecks.Records(records, Dimensions);

        lock (_writes)
        {
            WriteUpserts(ns, records);
        }

        return Task.CompletedTask;
    }

    private void WriteUpserts(MemoryNamespace ns, IReadOnlyList<VectorRecord> records)
    {
        var keys = new ulong[records.Count];
        using (var connection = _database.Open())
        using (var transaction = connection.BeginTransaction())
        {
            using var upsert = connection.CreateCommand();
            upsert.Transaction = transaction;
            upsert.CommandText = $"""
                INSERT INTO {_collection.Table}(namespace, id_json, vector, payload) VALUES ($ns, $id, $vector, $payload)
                ON CONFLICT(namespace, id_json) DO UPDATE SET vector = excluded.vector, payload = excluded.payload
                RETURNING key;
                """;
            upsert.Parameters.AddWithValue("$ns", ns.Name);
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

    public Task DeleteAsync(MemoryNamespace ns, IReadOnlyList<RecordId> ids, CancellationToken cancellationToken = default)
    {
        lock (_writes)
        {
            WriteDeletes(ns, ids);
        }

        return Task.CompletedTask;
    }

    /// <summary>Deletes the namespace's records whose payload <paramref name="filter"/> matches, by one scan of the table.</summary>
    public Task DeleteWhereAsync(MemoryNamespace ns, PayloadFilter filter, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var matching = new List<RecordId>();
        using (var connection = _database.Open())
        using (var read = connection.CreateCommand())
        {
            read.CommandText = $"SELECT id_json, payload FROM {_collection.Table} WHERE namespace = $ns;";
            read.Parameters.AddWithValue("$ns", ns.Name);
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                if (filter.Matches((JsonObject)JsonNode.Parse(reader.GetString(1))!))
                {
                    matching.Add(RecordId.FromStoredJson(reader.GetString(0)));
                }
            }
        }

        return DeleteAsync(ns, matching, cancellationToken);
    }

    private void WriteDeletes(MemoryNamespace ns, IReadOnlyList<RecordId> ids)
    {
        var removed = new List<ulong>();
        using (var connection = _database.Open())
        using (var transaction = connection.BeginTransaction())
        {
            using var delete = connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = $"DELETE FROM {_collection.Table} WHERE namespace = $ns AND id_json = $id RETURNING key;";
            delete.Parameters.AddWithValue("$ns", ns.Name);
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

    public Task<IReadOnlyList<VectorHit>> SearchAsync(MemoryNamespace ns, float[] query, int limit, PayloadFilter? filter = null, CancellationToken cancellationToken = default) =>
        SearchWhereAsync(ns, query, limit, filter is null ? null : filter.Matches, cancellationToken);

    /// <summary>
    /// The nearest records whose payload <paramref name="filter"/> accepts. USearch's C# binding offers no filtered
    /// search, so the index is asked for <see cref="FilteredOversampling"/> times as many neighbours, their payloads are
    /// judged here, and when too few pass, an exact scan of the namespace's rows gives the honest answer.
    /// </summary>
    public async Task<IReadOnlyList<VectorHit>> SearchWhereAsync(MemoryNamespace ns, float[] query, int limit, Func<JsonObject, bool>? filter, CancellationToken cancellationToken = default)
    {
        VectorChecks.Search(query, limit, Dimensions);
        var wanted = filter is null ? limit : limit * FilteredOversampling;
        var nearest = await _index.SearchAsync(query, wanted, cancellationToken).ConfigureAwait(false);
        var hits = LoadHits(ns, nearest, filter, limit);

        // A selective filter (or other namespaces' neighbours) can leave too few of the approximate neighbours, and
        // after many replacements of the same ids the graph can fail to reach every node; either way an exact scan is
        // the honest answer.
        var unreached = nearest.Count < wanted && nearest.Count < _index.Count;
        if ((hits.Count < limit && nearest.Count == wanted) || unreached)
        {
            hits = ExactSearch(ns, query, filter, limit);
        }

        return hits;
    }

    /// <summary>The stored vectors of the namespace's records among <paramref name="ids"/>, read from SQLite; missing ids are left out.</summary>
    public Dictionary<RecordId, float[]> GetVectors(MemoryNamespace ns, IEnumerable<RecordId> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        var found = new Dictionary<RecordId, float[]>();
        using var connection = _database.Open();
        using var read = connection.CreateCommand();
        read.CommandText = $"SELECT vector FROM {_collection.Table} WHERE namespace = $ns AND id_json = $id;";
        read.Parameters.AddWithValue("$ns", ns.Name);
        var idParameter = read.Parameters.Add("$id", SqliteType.Text);
        foreach (var id in ids)
        {
            idParameter.Value = id.Json;
            if (read.ExecuteScalar() is byte[] blob)
            {
                found[id] = ToVector(blob);
            }
        }

        return found;
    }

    public Task<CollectionInfo> GetInfoAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(new CollectionInfo(_index.Count, Dimensions, "cosine", IndexState, "usearch-hnsw+sqlite"));

    public Task<long> CountAsync(MemoryNamespace ns, CancellationToken cancellationToken = default)
    {
        using var connection = _database.Open();
        using var count = connection.CreateCommand();
        count.CommandText = $"SELECT count(*) FROM {_collection.Table} WHERE namespace = $ns;";
        count.Parameters.AddWithValue("$ns", ns.Name);
        return Task.FromResult(Convert.ToInt64(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture));
    }

    public Task<EngineDescription> DescribeAsync(CancellationToken cancellationToken = default)
    {
        var file = new FileInfo(_indexPath);
        var usearch = typeof(Cloud.Unum.USearch.USearchIndex).Assembly.GetName().Version;
        return Task.FromResult(new EngineDescription(
            "USearch HNSW over SQLite",
            $"USearch {usearch?.ToString(3)}",
            _indexPath,
            [new EngineSize(_collection.Holds, _index.Count, EngineSize.Records), new EngineSize("index file", file.Exists ? file.Length : 0, EngineSize.Bytes)]));
    }

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
                if (loaded.Count == rows && HoldsEveryKey(connection, loaded))
                {
                    LogIndexLoaded(_logger, _collection.Holds, _indexPath, rows);
                    return (loaded, "loaded");
                }

                LogIndexDiffers(_logger, _collection.Holds, _indexPath);
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
        read.CommandText = $"SELECT key, vector FROM {_collection.Table};";
        using var reader = read.ExecuteReader();
        while (reader.Read())
        {
            index.Upsert((ulong)reader.GetInt64(0), ToVector((byte[])reader[1]));
        }

        LogIndexRebuilt(_logger, _collection.Holds, rows, stopwatch.ElapsedMilliseconds);
        return (index, "rebuilt");
    }

    private List<VectorHit> LoadHits(MemoryNamespace ns, IReadOnlyList<(ulong Key, float Distance)> nearest, Func<JsonObject, bool>? filter, int limit)
    {
        var hits = new List<VectorHit>(Math.Min(limit, nearest.Count));
        using var connection = _database.Open();
        using var read = connection.CreateCommand();
        read.CommandText = $"SELECT id_json, payload FROM {_collection.Table} WHERE key = $key AND namespace = $ns;";
        read.Parameters.AddWithValue("$ns", ns.Name);
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
            if (filter is null || filter(payload))
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

    private List<VectorHit> ExactSearch(MemoryNamespace ns, float[] query, Func<JsonObject, bool>? filter, int limit)
    {
        var scored = new PriorityQueue<VectorHit, float>();
        using var connection = _database.Open();
        using var read = connection.CreateCommand();
        read.CommandText = $"SELECT id_json, vector, payload FROM {_collection.Table} WHERE namespace = $ns;";
        read.Parameters.AddWithValue("$ns", ns.Name);
        using var reader = read.ExecuteReader();
        while (reader.Read())
        {
            var payload = (JsonObject)JsonNode.Parse(reader.GetString(2))!;
            if (filter is not null && !filter(payload))
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

    /// <summary>
    /// Whether a loaded index has every key SQLite has. Its version and count can match while its keys do not: a file
    /// from another copy of the data folder, or one written by a process killed between saving and recording the version.
    /// </summary>
    private bool HoldsEveryKey(SqliteConnection connection, HnswIndex index)
    {
        using var read = connection.CreateCommand();
        read.CommandText = $"SELECT key FROM {_collection.Table};";
        using var reader = read.ExecuteReader();
        while (reader.Read())
        {
            if (!index.Contains((ulong)reader.GetInt64(0)))
            {
                return false;
            }
        }

        return true;
    }

    private static float[] ToVector(byte[] blob) => MemoryMarshal.Cast<byte, float>(blob).ToArray();

    private long CountRows(SqliteConnection connection)
    {
        using var count = connection.CreateCommand();
        count.CommandText = $"SELECT COUNT(*) FROM {_collection.Table};";
        return Convert.ToInt64(count.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private string ReadVersion(SqliteConnection connection)
    {
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT value FROM meta WHERE name = $name;";
        read.Parameters.AddWithValue("$name", _collection.VersionName);
        return (string)read.ExecuteScalar()!;
    }

    private void BumpVersion(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var bump = connection.CreateCommand();
        bump.Transaction = transaction;
        bump.CommandText = "UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE name = $name;";
        bump.Parameters.AddWithValue("$name", _collection.VersionName);
        bump.ExecuteNonQuery();
    }

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "Vector index file {Path} is unreadable; rebuilding from SQLite")]
    private static partial void LogIndexUnreadable(ILogger logger, string path, Exception exception);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Information, Message = "Vector index of {Collection} rebuilt from SQLite: {Count} vectors in {ElapsedMs} ms")]
    private static partial void LogIndexRebuilt(ILogger logger, string collection, long count, long elapsedMs);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Vector index of {Collection} loaded from {Path}: {Count} vectors, every key SQLite has")]
    private static partial void LogIndexLoaded(ILogger logger, string collection, string path, long count);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Warning, Message = "Vector index file of {Collection} at {Path} does not hold what SQLite holds; rebuilding from SQLite")]
    private static partial void LogIndexDiffers(ILogger logger, string collection, string path);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Warning, Message = "Saving the vector index failed; it will be rebuilt at the next start")]
    private static partial void LogSaveFailed(ILogger logger, Exception exception);
}
