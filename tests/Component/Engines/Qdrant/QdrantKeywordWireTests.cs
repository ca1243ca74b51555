using Google.Protobuf;
using Qdrant.Client.Grpc;
using RagMemory.Keywords;
using RagMemory.Namespaces;
using RagMemory.Qdrant;
using RagMemory.Vectors;

namespace RagMemory.Tests.Engines.Qdrant;

/// <summary>What the Qdrant keyword index sends: BM25 sparse vectors, the query's terms, scrolls and deletes, against <see cref="QdrantGrpcTestDouble"/>.</summary>
public sealed class QdrantKeywordWireTests : IDisposable
{
    private static readonly MemoryNamespace Ns = MemoryNamespace.Default;
    private readonly QdrantOnDouble _qdrant = new();

    public void Dispose() => _qdrant.Dispose();

    [Fact]
    public void Terms_are_made_as_FTS5s_porter_unicode61_makes_them()
    {
        Assert.Equal(["cafe", "lighthous", "lighthous", "s", "42", "connect", "connect"], QdrantBm25.Terms("Café LIGHTHOUSES, lighthouse's 42 connected—connecting"));
    }

    [Theory]
    [InlineData("Café LIGHTHOUSES, lighthouse's 42 connected—connecting")]
    [InlineData("The glassblower shaped généralement naïve résumés; running runners ran at 10:45 on 2024-01-02.")]
    [InlineData("Ünïcödé ÆSIR 東京 hydrogenation aerodynamically is as a")]

    // Known difference: FTS5 stems a word holding letters beyond ASCII byte by byte ("straße" becomes "straß"); the
    // Snowball stemmer reads letters ("straße" stays). Such words match each other on either engine, only not across.
    public void Terms_are_the_ones_SQLite_FTS5_makes_of_the_same_text(string text)
    {
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            CREATE VIRTUAL TABLE t USING fts5(x, tokenize='porter unicode61');
            CREATE VIRTUAL TABLE v USING fts5vocab(t, 'instance');
            INSERT INTO t(x) VALUES ($text);
            SELECT term FROM v ORDER BY "offset";
            """;
        command.Parameters.AddWithValue("$text", text);
        var fts5 = new List<string>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                fts5.Add(reader.GetString(0));
            }
        }

        Assert.Equal(fts5, QdrantBm25.Terms(text));
    }

    [Fact]
    public void A_terms_index_is_its_32_bit_FNV_1a_hash()
    {
        Assert.Equal(0x811c9dc5u, QdrantBm25.IndexOf(string.Empty));
        Assert.Equal(0xe40c292cu, QdrantBm25.IndexOf("a"));
        Assert.Equal(0xbf9cf968u, QdrantBm25.IndexOf("foobar"));
    }

    [Fact]
    public async Task ReplaceEvent_writes_each_chunk_with_its_BM25_term_weights_and_then_deletes_the_events_other_chunks()
    {
        var eventId = RecordId.FromString("e1");
        KeywordDocument[] documents =
        [
            new(ChunkIds.For(eventId, 0), eventId, 0, "Lighthouse keeper, lighthouse lamp."),
            new(ChunkIds.For(eventId, 1), eventId, 1, "Gulls."),
        ];

        await _qdrant.Keywords().ReplaceEventAsync(Ns, eventId, documents);

        var upsert = Assert.Single(_qdrant.Double.Requests<UpsertPoints>("/qdrant.Points/Upsert"));
        Assert.Equal("ragmemory_keywords", upsert.CollectionName);
        var first = upsert.Points[0];
        Assert.Equal(QdrantPointIds.For(Ns, RecordId.FromString("\"e1\"#0")).ToString(), first.Id.Uuid);
        var sparse = first.Vectors.Vectors_.Vectors[QdrantCollectionSpec.SparseVectorName].Sparse;

        // 4 terms against an average of 150: the length factor is 1 - 0.75 + 0.75 * 4 / 150 = 0.27.
        var once = (float)(1 * 2.2 / (1 + (1.2 * 0.27)));
        var twice = (float)(2 * 2.2 / (2 + (1.2 * 0.27)));
        var expected = new[] { ("lighthous", twice), ("keeper", once), ("lamp", once) }
            .Select(t => (Index: QdrantBm25.IndexOf(t.Item1), Weight: t.Item2)).OrderBy(t => t.Index).ToList();
        Assert.Equal(expected.Select(e => e.Index), sparse.Indices);
        Assert.Equal(expected.Select(e => e.Weight), sparse.Values, (a, b) => Math.Abs(a - b) < 1e-5f);
        Assert.Equal(
            """{"namespace":"default","event_id":"\"e1\"","chunk_index":0,"text":"Lighthouse keeper, lighthouse lamp.","fields":{},"structured_fields":[],"chunk_id":"\"e1\"#0"}""",
            QdrantPayloadJson.Of(first.Payload));

        var delete = Assert.Single(_qdrant.Double.Requests<DeletePoints>("/qdrant.Points/Delete"));
        var stale = JsonFormatter.Default.Format(delete.Points.Filter);
        Assert.StartsWith("""{ "must": [ { "field": { "key": "namespace", "match": { "keyword": "default" } } }, { "field": { "key": "event_id", "match": { "keywords": { "strings": [ "\"e1\"" ] } } } } ], "mustNot": [ { "hasId": """, stale, StringComparison.Ordinal);
        Assert.Equal(upsert.Points.Select(p => p.Id), delete.Points.Filter.MustNot[0].HasId.HasId);
        Assert.Equal(["/qdrant.Points/Upsert", "/qdrant.Points/Delete"], _qdrant.Double.Calls.Select(c => c.Method).Where(m => m.StartsWith("/qdrant.Points/", StringComparison.Ordinal) && !m.EndsWith("Index", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task ReplaceEvent_with_no_chunks_deletes_every_chunk_of_the_event()
    {
        await _qdrant.Keywords().ReplaceEventAsync(Ns, RecordId.FromInteger(9), []);

        Assert.Empty(_qdrant.Double.Requests<UpsertPoints>("/qdrant.Points/Upsert"));
        Assert.Empty(Assert.Single(_qdrant.Double.Requests<DeletePoints>("/qdrant.Points/Delete")).Points.Filter.MustNot);
    }

    [Fact]
    public async Task Search_sends_each_query_term_once_with_weight_1_on_the_sparse_vector_and_reads_the_hits()
    {
        var index = _qdrant.Keywords();
        var eventId = RecordId.FromInteger(3);
        await index.ReplaceEventAsync(Ns, eventId, [new(ChunkIds.For(eventId, 2), eventId, 2, "The lighthouse keeper.")]);
        var stored = _qdrant.Double.Requests<UpsertPoints>("/qdrant.Points/Upsert")[0].Points[0];
        _qdrant.Double.Answer<QueryPoints, QueryResponse>("/qdrant.Points/Query", _ => new() { Result = { new ScoredPoint { Id = stored.Id, Score = 3.25f, Payload = { stored.Payload } } } });

        var hit = Assert.Single(await index.SearchAsync(MemoryNamespace.Default, "What is the LIGHTHOUSE and the lighthouses' keeper?", 7));

        var query = Assert.Single(_qdrant.Double.Requests<QueryPoints>("/qdrant.Points/Query"));
        Assert.Equal("bm25", query.Using);
        Assert.Equal(7ul, query.Limit);
        var expected = new[] { QdrantBm25.IndexOf("lighthous"), QdrantBm25.IndexOf("keeper") }.Order();
        Assert.Equal(expected, query.Query.Nearest.Sparse.Indices);
        Assert.Equal([1f, 1f], query.Query.Nearest.Sparse.Values);
        Assert.Equal("""{ "must": [ { "field": { "key": "namespace", "match": { "keyword": "default" } } } ] }""", JsonFormatter.Default.Format(query.Filter));
        Assert.Equal(new KeywordDocument("3#2", eventId, 2, "The lighthouse keeper."), hit.Document);
        Assert.Equal(3.25, hit.Score, 5);
    }

    [Fact]
    public async Task A_query_of_stop_words_only_keeps_them_and_one_without_stop_word_dropping_keeps_all()
    {
        await _qdrant.Keywords().SearchAsync(Ns, "the and", 5);
        await _qdrant.Keywords(dropStopWords: false).SearchAsync(Ns, "the lamp", 5);

        var queries = _qdrant.Double.Requests<QueryPoints>("/qdrant.Points/Query");
        Assert.Equal(new[] { QdrantBm25.IndexOf("the"), QdrantBm25.IndexOf("and") }.Order(), queries[0].Query.Nearest.Sparse.Indices);
        Assert.Equal(new[] { QdrantBm25.IndexOf("the"), QdrantBm25.IndexOf("lamp") }.Order(), queries[1].Query.Nearest.Sparse.Indices);
    }

    [Theory]
    [InlineData("")]
    [InlineData("?!.,;:()\"")]
    public async Task A_query_without_a_word_finds_nothing_without_asking_Qdrant(string query)
    {
        Assert.Empty(await _qdrant.Keywords().SearchAsync(Ns, query, 5));
        Assert.Empty(_qdrant.Double.Requests<QueryPoints>("/qdrant.Points/Query"));
    }

    [Fact]
    public async Task GetChunks_scrolls_every_page_and_orders_by_the_events_asked_for_then_chunk()
    {
        var a = RecordId.FromString("a");
        var b = RecordId.FromInteger(2);
        var pages = new Queue<ScrollResponse>(
        [
            new ScrollResponse { Result = { Point(a, 1), Point(b, 0) }, NextPageOffset = Guid.NewGuid() },
            new ScrollResponse { Result = { Point(a, 0) } },
        ]);
        _qdrant.Double.Answer<ScrollPoints, ScrollResponse>("/qdrant.Points/Scroll", _ => pages.Dequeue());

        var chunks = await _qdrant.Keywords().GetChunksAsync(Ns, [b, a]);

        Assert.Equal(["2#0", "\"a\"#0", "\"a\"#1"], chunks.Select(c => c.ChunkId));
        var scrolls = _qdrant.Double.Requests<ScrollPoints>("/qdrant.Points/Scroll");
        Assert.Equal(2, scrolls.Count);
        Assert.Null(scrolls[0].Offset);
        Assert.NotNull(scrolls[1].Offset);
        Assert.Equal(
            """{ "must": [ { "field": { "key": "namespace", "match": { "keyword": "default" } } }, { "field": { "key": "event_id", "match": { "keywords": { "strings": [ "2", "\"a\"" ] } } } } ] }""",
            JsonFormatter.Default.Format(scrolls[0].Filter));
    }

    [Fact]
    public async Task DeleteEvent_deletes_by_namespace_and_event()
    {
        await _qdrant.Keywords().DeleteEventAsync(MemoryNamespace.Parse("team-a"), RecordId.FromInteger(1));

        var delete = Assert.Single(_qdrant.Double.Requests<DeletePoints>("/qdrant.Points/Delete"));
        Assert.Equal(
            """{ "must": [ { "field": { "key": "namespace", "match": { "keyword": "team-a" } } }, { "field": { "key": "event_id", "match": { "keywords": { "strings": [ "1" ] } } } } ] }""",
            JsonFormatter.Default.Format(delete.Points.Filter));
    }

    [Fact]
    public async Task The_keyword_client_has_the_keyword_backends_deadline()
    {
        _qdrant.Resilience.Backends[RagMemory.Resilience.Backends.KeywordIndex] = new() { Timeout = TimeSpan.FromMilliseconds(700) };

        await _qdrant.Keywords().SearchAsync(Ns, "lamp", 5);

        var timeout = _qdrant.Double.Calls.Last().Headers["grpc-timeout"];
        Assert.EndsWith("m", timeout, StringComparison.Ordinal);
        Assert.InRange(int.Parse(timeout[..^1], System.Globalization.CultureInfo.InvariantCulture), 1, 700);
    }

    private static RetrievedPoint Point(RecordId eventId, int index) => new()
    {
        Id = QdrantPointIds.For(Ns, RecordId.FromString(ChunkIds.For(eventId, index))),
        Payload =
        {
            ["namespace"] = "default",
            ["event_id"] = eventId.Json,
            ["chunk_index"] = index,
            ["text"] = $"text {index}",
            ["chunk_id"] = ChunkIds.For(eventId, index),
        },
    };
}
