using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RagMemory.Embeddings;
using RagMemory.Storage;

namespace RagMemory.Vectors.Embedded;

/// <summary>
/// Refuses to start on a data folder whose chunk vectors another embedder made (they would be compared with the new
/// embedder's queries and find nonsense), or with a vector length the embedder does not make. A folder without chunks
/// takes the configured embedder as its own. The vector stores run it before they open (their index would otherwise be
/// rebuilt from vectors of another length); as a hosted service it also stops a start that opens no store.
/// </summary>
public sealed partial class EmbedderCheck(
    SqliteDatabase database,
    IEmbeddingGenerator<string, Embedding<float>> embedder,
    IOptions<VectorIndexOptions> vectors,
    IOptions<StorageOptions> storage,
    TimeProvider time,
    ILogger<EmbedderCheck> logger) : IHostedService
{
    /// <summary>The only embedder before the record existed: a folder with chunks and no record holds its vectors.</summary>
    private static readonly EmbedderIdentity BeforeTheRecord = new("onnxruntime", "all-MiniLM-L6-v2", 384);

    private readonly Lock _lock = new();
    private bool _done;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        Check();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Checks once; throws, every time it is asked, while the folder and the embedder disagree.</summary>
    public void Check()
    {
        lock (_lock)
        {
            if (!_done)
            {
                CheckFolder();
                _done = true;
            }
        }
    }

    private void CheckFolder()
    {
        var current = EmbedderIdentity.Of(embedder);
        if (current.Dimensions is { } length && length != vectors.Value.Dimensions)
        {
            throw new InvalidOperationException(
                $"{VectorIndexOptions.SectionName}:Dimensions is {vectors.Value.Dimensions}, but the embedder {current} makes vectors of {length}; remove the setting or set it to {length}.");
        }

        using var connection = database.Open();
        var hasChunks = Scalar(connection, "SELECT EXISTS (SELECT 1 FROM chunk_vectors);") == 1;
        var recorded = Read(connection) ?? (hasChunks ? BeforeTheRecord : null);
        if (recorded == current)
        {
            Record(connection, current);
            return;
        }

        if (recorded is not null && hasChunks)
        {
            throw new InvalidOperationException(
                $"The data folder {Path.GetFullPath(storage.Value.DataDirectory)} holds vectors made by {recorded}, but the configured embedder is {current} (Engines:Embeddings). " +
                "Vectors of two embedders cannot be compared: choose the embedder that made them, or point Storage:DataDirectory at a new folder and ingest again.");
        }

        if (recorded is not null)
        {
            LogEmbedderChanged(logger, recorded.ToString(), current.ToString());
        }

        Record(connection, current);
    }

    private static EmbedderIdentity? Read(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT provider, model, dimensions FROM embedder WHERE id = 1;";
        using var reader = command.ExecuteReader();
        return reader.Read() ? new EmbedderIdentity(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetInt32(2)) : null;
    }

    private void Record(SqliteConnection connection, EmbedderIdentity identity)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO embedder(id, provider, model, dimensions, recorded_at) VALUES (1, $provider, $model, $dimensions, $at)
            ON CONFLICT(id) DO UPDATE SET provider = excluded.provider, model = excluded.model, dimensions = excluded.dimensions, recorded_at = excluded.recorded_at
            WHERE provider <> excluded.provider OR model <> excluded.model OR dimensions IS NOT excluded.dimensions;
            """;
        command.Parameters.AddWithValue("$provider", identity.Provider);
        command.Parameters.AddWithValue("$model", identity.Model);
        command.Parameters.AddWithValue("$dimensions", (object?)identity.Dimensions ?? DBNull.Value);
        command.Parameters.AddWithValue("$at", time.GetUtcNow().ToUnixTimeMilliseconds());
        command.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    [LoggerMessage(EventId = 2010, Level = LogLevel.Information, Message = "The data folder's embedder changes from {Recorded} to {Current}; it holds no chunk vectors yet")]
    private static partial void LogEmbedderChanged(ILogger logger, string recorded, string current);
}
