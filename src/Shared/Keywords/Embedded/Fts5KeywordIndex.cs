using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using RagMemory.Engines;
using RagMemory.Namespaces;
using RagMemory.Storage;
using RagMemory.Vectors;

namespace RagMemory.Keywords.Embedded;

/// <summary>
/// Keyword search with SQLite FTS5 and its <c>bm25()</c> ranking, over the chunk texts of ingested events.
/// The FTS table uses the <c>chunks</c> table as external content, so each text is stored once.
/// </summary>
public sealed partial class Fts5KeywordIndex(SqliteDatabase database, IOptions<KeywordIndexOptions> options) : IKeywordIndex
{
    private readonly bool _dropStopWords = options.Value.DropQueryStopWords;

    public Task ReplaceEventAsync(MemoryNamespace ns, RecordId eventId, IReadOnlyList<KeywordDocument> documents, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        DeleteEvent(connection, transaction, ns, eventId);
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT INTO chunks(namespace, chunk_id, event_id, chunk_index, text, metadata, ingested_at) VALUES ($ns, $chunk, $event, $index, $text, $metadata, $ingested);
            INSERT INTO chunks_fts(rowid, text) VALUES (last_insert_rowid(), $text);
            """;
        insert.Parameters.AddWithValue("$ns", ns.Name);
        var chunk = insert.Parameters.Add("$chunk", SqliteType.Text);
        insert.Parameters.AddWithValue("$event", eventId.Json);
        var index = insert.Parameters.Add("$index", SqliteType.Integer);
        var text = insert.Parameters.Add("$text", SqliteType.Text);
        var metadata = insert.Parameters.Add("$metadata", SqliteType.Text);
        var ingested = insert.Parameters.Add("$ingested", SqliteType.Integer);
        foreach (var document in documents)
        {
            chunk.Value = document.ChunkId;
            index.Value = document.ChunkIndex;
            text.Value = document.Text;
            metadata.Value = (object?)document.Metadata?.ToJsonString() ?? DBNull.Value;
            ingested.Value = (object?)document.IngestedAt?.ToUnixTimeMilliseconds() ?? DBNull.Value;
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
        return Task.CompletedTask;
    }

    public Task DeleteEventAsync(MemoryNamespace ns, RecordId eventId, CancellationToken cancellationToken = default)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction();
        DeleteEvent(connection, transaction, ns, eventId);
        transaction.Commit();
        return Task.CompletedTask;
    }

    /// <summary>The filter is a condition of the same SQL query (<see cref="Fts5ChunkFilter"/>), so FTS5 ranks only the chunks it lets through.</summary>
    public Task<IReadOnlyList<KeywordHit>> SearchAsync(MemoryNamespace ns, string query, int limit, ChunkFilter? filter = null, CancellationToken cancellationToken = default)
    {
        var match = ToMatchExpression(query, _dropStopWords);
        if (match.Length == 0)
        {
            return Task.FromResult<IReadOnlyList<KeywordHit>>([]);
        }

        using var connection = database.Open();
        using var search = connection.CreateCommand();
        search.CommandText = $"""
            SELECT {DocumentColumns("c.")}, bm25(chunks_fts) AS rank
            FROM chunks_fts JOIN chunks c ON c.key = chunks_fts.rowid
            WHERE chunks_fts MATCH $match AND c.namespace = $ns{Fts5ChunkFilter.Where(filter, "c.", search.Parameters)}
            ORDER BY rank LIMIT $limit;
            """;
        search.Parameters.AddWithValue("$match", match);
        search.Parameters.AddWithValue("$ns", ns.Name);
        search.Parameters.AddWithValue("$limit", limit);
        var hits = new List<KeywordHit>();
        using var reader = search.ExecuteReader();
        while (reader.Read())
        {
            // FTS5's bm25() is negative, lower is better; we report the conventional positive BM25 score.
            hits.Add(new KeywordHit(ReadDocument(reader), -reader.GetDouble(6)));
        }

        return Task.FromResult<IReadOnlyList<KeywordHit>>(hits);
    }

    public Task<IReadOnlyList<KeywordDocument>> GetChunksAsync(MemoryNamespace ns, IReadOnlyList<RecordId> eventIds, CancellationToken cancellationToken = default)
    {
        var documents = new List<KeywordDocument>();
        using var connection = database.Open();
        using var read = connection.CreateCommand();
        read.CommandText = $"SELECT {DocumentColumns("")} FROM chunks WHERE namespace = $ns AND event_id = $event ORDER BY chunk_index;";
        read.Parameters.AddWithValue("$ns", ns.Name);
        var eventParameter = read.Parameters.Add("$event", SqliteType.Text);
        foreach (var eventId in eventIds)
        {
            eventParameter.Value = eventId.Json;
            using var reader = read.ExecuteReader();
            while (reader.Read())
            {
                documents.Add(ReadDocument(reader));
            }
        }

        return Task.FromResult<IReadOnlyList<KeywordDocument>>(documents);
    }

    /// <summary>
    /// Turns free text into an FTS5 query that ORs its terms; quoting each term keeps FTS5's operators and
    /// punctuation in user text from being read as query syntax. Stop words are left out when asked and when any
    /// other term remains.
    /// </summary>
    public static string ToMatchExpression(string query, bool dropStopWords = false)
    {
        var terms = Terms().Matches(query).Select(m => m.Value.ToLowerInvariant()).Distinct().ToList();
        if (dropStopWords && terms.Any(t => !QueryStopWords.Contains(t)))
        {
            terms.RemoveAll(QueryStopWords.Contains);
        }

        return string.Join(" OR ", terms.Select(t => $"\"{t}\""));
    }

    /// <summary>An external-content FTS5 table forgets a row only when told its old text, so the index goes first.</summary>
    private static void DeleteEvent(SqliteConnection connection, SqliteTransaction transaction, MemoryNamespace ns, RecordId eventId)
    {
        using var delete = connection.CreateCommand();
        delete.Transaction = transaction;
        delete.CommandText = """
            INSERT INTO chunks_fts(chunks_fts, rowid, text) SELECT 'delete', key, text FROM chunks WHERE namespace = $ns AND event_id = $event;
            DELETE FROM chunks WHERE namespace = $ns AND event_id = $event;
            """;
        delete.Parameters.AddWithValue("$ns", ns.Name);
        delete.Parameters.AddWithValue("$event", eventId.Json);
        delete.ExecuteNonQuery();
    }

    private static string DocumentColumns(string table) =>
        $"{table}chunk_id, {table}event_id, {table}chunk_index, {table}text, {table}metadata, {table}ingested_at";

    private static KeywordDocument ReadDocument(SqliteDataReader reader) =>
        new(reader.GetString(0), RecordId.FromStoredJson(reader.GetString(1)), reader.GetInt32(2), reader.GetString(3),
            reader.IsDBNull(4) ? null : JsonNode.Parse(reader.GetString(4)) as JsonObject,
            reader.IsDBNull(5) ? null : DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(5)));

    [GeneratedRegex(@"[\p{L}\p{N}]+")]
    private static partial Regex Terms();

    public Task<EngineDescription> DescribeAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(database.Describe("SQLite FTS5 (BM25)", ("chunks", "SELECT count(*) FROM chunks;")));
}
