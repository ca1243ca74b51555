using System.Text.Json.Nodes;
using Google.Protobuf;
using Microsoft.Extensions.Options;
using Qdrant.Client.Grpc;
using RagMemory.Namespaces;
using RagMemory.Qdrant;
using RagMemory.Vectors;

namespace RagMemory.Tests.Engines.Qdrant;

/// <summary>What the Qdrant vector and chunk adapters send over gRPC and how they read Qdrant's answers, against <see cref="QdrantGrpcTestDouble"/>.</summary>
public sealed class QdrantVectorWireTests : IDisposable
{
    private static readonly MemoryNamespace Ns = MemoryNamespace.Default;
    private readonly QdrantOnDouble _qdrant = new();

    public void Dispose() => _qdrant.Dispose();

    [Fact]
    public async Task Start_creates_each_missing_collection_with_its_vectors_hnsw_settings_and_payload_indexes()
    {
        _qdrant.Options.HnswM = 24;
        _qdrant.Options.HnswEfConstruct = 200;

        await _qdrant.Startup().StartAsync(CancellationToken.None);

        var created = _qdrant.Double.Requests<CreateCollection>("/qdrant.Collections/Create").ToDictionary(c => c.CollectionName);
        Assert.Equal(["ragmemory_chunks", "ragmemory_keywords", "ragmemory_vectors"], created.Keys.Order(StringComparer.Ordinal));
        foreach (var dense in new[] { created["ragmemory_vectors"], created["ragmemory_chunks"] })
        {
            Assert.Equal("""{ "params": { "size": "4", "distance": "Cosine" } }""", JsonFormatter.Default.Format(dense.VectorsConfig));
            Assert.Null(dense.SparseVectorsConfig);
            Assert.Equal("""{ "m": "24", "efConstruct": "200" }""", JsonFormatter.Default.Format(dense.HnswConfig));
        }

        var keywords = created["ragmemory_keywords"];
        Assert.Null(keywords.VectorsConfig);
        Assert.Equal("""{ "map": { "bm25": { "modifier": "Idf" } } }""", JsonFormatter.Default.Format(keywords.SparseVectorsConfig));

        var indexes = _qdrant.Double.Requests<CreateFieldIndexCollection>("/qdrant.Points/CreateFieldIndex")
            .Select(i => $"{i.CollectionName}.{i.FieldName}:{i.FieldType}:tenant={i.FieldIndexParams.KeywordIndexParams.IsTenant}")
            .Order(StringComparer.Ordinal);
        Assert.Equal(
        [
            "ragmemory_chunks.event_id:Keyword:tenant=False",
            "ragmemory_chunks.namespace:Keyword:tenant=True",
            "ragmemory_keywords.event_id:Keyword:tenant=False",
            "ragmemory_keywords.namespace:Keyword:tenant=True",
            "ragmemory_vectors.namespace:Keyword:tenant=True",
        ], indexes);
    }

    [Fact]
    public async Task Dot_distance_is_sent_as_configured()
    {
        _qdrant.Options.Distance = QdrantDistance.Dot;

        await _qdrant.VectorsCollection.EnsureAsync();

        Assert.Equal(Distance.Dot, Assert.Single(_qdrant.Double.Requests<CreateCollection>("/qdrant.Collections/Create")).VectorsConfig.Params.Distance);
    }

    [Fact]
    public async Task An_existing_collection_is_kept_and_not_created_again()
    {
        _qdrant.Double.HasCollection("ragmemory_vectors", DenseInfo(4, Distance.Cosine));

        await _qdrant.VectorsCollection.EnsureAsync();

        Assert.Empty(_qdrant.Double.Requests<CreateCollection>("/qdrant.Collections/Create"));
    }

    [Theory]
    [InlineData(768, Distance.Cosine, "holds vectors of 768 numbers, but Qdrant:Dimensions is 4")]
    [InlineData(4, Distance.Euclid, "scores by Euclid, but Qdrant:Distance is Cosine")]
    public async Task An_existing_collection_that_contradicts_the_settings_stops_the_start_naming_the_setting(int size, Distance distance, string expected)
    {
        _qdrant.Double.HasCollection("ragmemory_vectors", DenseInfo((ulong)size, distance));

        var refused = await Assert.ThrowsAsync<OptionsValidationException>(() => _qdrant.Startup().StartAsync(CancellationToken.None));

        Assert.Contains(expected, Assert.Single(refused.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_Qdrant_does_not_stop_the_start_and_the_first_call_prepares_the_collection()
    {
        _qdrant.Double.Fail("/qdrant.Collections/CollectionExists", Grpc.Core.StatusCode.Unavailable, "connection refused");
        await _qdrant.Startup().StartAsync(CancellationToken.None);
        Assert.Empty(_qdrant.Double.Requests<CreateCollection>("/qdrant.Collections/Create"));

        _qdrant.Double.Heal("/qdrant.Collections/CollectionExists");
        await _qdrant.Vectors().UpsertAsync(Ns, [new VectorRecord(RecordId.FromString("a"), [1, 0, 0, 0], [])]);

        Assert.Equal("ragmemory_vectors", Assert.Single(_qdrant.Double.Requests<CreateCollection>("/qdrant.Collections/Create")).CollectionName);
        Assert.Single(_qdrant.Double.Requests<UpsertPoints>("/qdrant.Points/Upsert"));
    }

    [Fact]
    public void Point_ids_are_RFC_9562_UUIDv5s()
    {
        // RFC 9562 appendix A.4: the DNS namespace and "www.example.com".
        var dns = new Guid("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

        Assert.Equal(new Guid("2ed6657d-e927-568b-95e1-2665a8aea6a2"), QdrantPointIds.UuidV5(dns, "www.example.com"));
    }

    [Fact]
    public void Point_ids_derive_from_namespace_and_the_ids_JSON_form_and_keep_1_and_quoted_1_apart()
    {
        var integer = QdrantPointIds.For(Ns, RecordId.FromInteger(1));

        Assert.Equal(QdrantPointIds.UuidV5(QdrantPointIds.Namespace, "default\n1"), integer);
        Assert.Equal(QdrantPointIds.UuidV5(QdrantPointIds.Namespace, "default\n\"1\""), QdrantPointIds.For(Ns, RecordId.FromString("1")));
        Assert.NotEqual(integer, QdrantPointIds.For(Ns, RecordId.FromString("1")));
        Assert.NotEqual(integer, QdrantPointIds.For(MemoryNamespace.Parse("other"), RecordId.FromInteger(1)));
        Assert.Equal(integer, QdrantPointIds.For(MemoryNamespace.Parse("default"), RecordId.FromInteger(1)));
    }

    [Fact]
    public async Task Upsert_sends_one_point_per_record_with_its_id_vector_and_payload_layout()
    {
        var payload = new JsonObject { ["kind"] = "odd", ["n"] = 3, ["ratio"] = 0.5, ["flag"] = true, ["nothing"] = null, ["nested"] = new JsonObject { ["a"] = 1 }, ["tags"] = new JsonArray("x") };

        await _qdrant.Vectors().UpsertAsync(Ns, [new VectorRecord(RecordId.FromString("doc-1"), [1, 0, 0, 0], payload), new VectorRecord(RecordId.FromInteger(7), [0, 1, 0, 0], [])]);

        var upsert = Assert.Single(_qdrant.Double.Requests<UpsertPoints>("/qdrant.Points/Upsert"));
        Assert.Equal("ragmemory_vectors", upsert.CollectionName);
        Assert.True(upsert.Wait);
        var first = upsert.Points[0];
        Assert.Equal(QdrantPointIds.For(Ns, RecordId.FromString("doc-1")).ToString(), first.Id.Uuid);
        Assert.Equal([1f, 0f, 0f, 0f], first.Vectors.Vector.Dense.Data);
        Assert.Equal("default", first.Payload["namespace"].StringValue);
        Assert.Equal("\"doc-1\"", first.Payload["record_id"].StringValue);
        Assert.Equal(payload.ToJsonString(), first.Payload["payload_json"].StringValue);
        Assert.Equal(
            """{"kind":"odd","n":3.0,"ratio":0.5,"flag":true,"nothing":null}""",
            QdrantPayloadJson.Of(first.Payload["fields"]));
        Assert.Equal(["nested", "tags"], first.Payload["structured_fields"].ListValue.Values.Select(v => v.StringValue));
        Assert.Equal("7", upsert.Points[1].Payload["record_id"].StringValue);
        Assert.Equal(QdrantPointIds.For(Ns, RecordId.FromInteger(7)).ToString(), upsert.Points[1].Id.Uuid);
    }

    [Fact]
    public async Task Search_reads_ids_and_payloads_back_unchanged_from_what_upsert_stored()
    {
        var store = _qdrant.Vectors();
        var payload = new JsonObject { ["text"] = "héllo \"quoted\"", ["n"] = 3, ["big"] = 12345678901234567890.0, ["nested"] = new JsonObject { ["tags"] = new JsonArray("a", "b") } };
        await store.UpsertAsync(Ns, [new VectorRecord(RecordId.FromString("doc-1"), [1, 0, 0, 0], payload), new VectorRecord(RecordId.FromInteger(42), [0, 1, 0, 0], [])]);
        var stored = _qdrant.Double.Requests<UpsertPoints>("/qdrant.Points/Upsert")[0].Points;
        float[] scores = [0.9f, 0.4f];
        _qdrant.Double.Answer<QueryPoints, QueryResponse>("/qdrant.Points/Query", _ => new()
        {
            Result = { stored.Select((p, i) => new ScoredPoint { Id = p.Id, Score = scores[i], Payload = { p.Payload } }) },
        });

        var hits = await store.SearchAsync(Ns, [1, 0, 0, 0], 2);

        Assert.Equal([RecordId.FromString("doc-1"), RecordId.FromInteger(42)], hits.Select(h => h.Id));
        Assert.True(hits[1].Id.IsInteger);
        Assert.Equal(scores, hits.Select(h => h.Score));
        Assert.True(JsonNode.DeepEquals(payload, hits[0].Payload), hits[0].Payload.ToJsonString());
    }

    [Fact]
    public async Task Search_asks_for_the_limit_with_payloads_the_configured_ef_and_the_namespace()
    {
        _qdrant.Options.HnswEfSearch = 300;

        await _qdrant.Vectors().SearchAsync(MemoryNamespace.Parse("team-a"), [0, 0, 1, 0], 25);

        var query = Assert.Single(_qdrant.Double.Requests<QueryPoints>("/qdrant.Points/Query"));
        Assert.Equal("ragmemory_vectors", query.CollectionName);
        Assert.Equal([0f, 0f, 1f, 0f], query.Query.Nearest.Dense.Data);
        Assert.Equal(25ul, query.Limit);
        Assert.Equal(300ul, query.Params.HnswEf);
        Assert.True(query.WithPayload.Enable);
        Assert.Equal("""{ "must": [ { "field": { "key": "namespace", "match": { "keyword": "team-a" } } } ] }""", JsonFormatter.Default.Format(query.Filter));
    }

    [Fact]
    public async Task Counts_are_exact_and_confined_to_the_namespace_in_both_collections()
    {
        await _qdrant.Vectors().CountAsync(MemoryNamespace.Parse("team-a"));
        await _qdrant.Chunks().CountAsync(MemoryNamespace.Parse("team-b"));

        var counts = _qdrant.Double.Requests<CountPoints>("/qdrant.Points/Count").ToList();
        Assert.Equal(["ragmemory_vectors", "ragmemory_chunks"], counts.Select(c => c.CollectionName));
        Assert.All(counts, c => Assert.True(c.Exact));
        Assert.Equal("""{ "must": [ { "field": { "key": "namespace", "match": { "keyword": "team-a" } } } ] }""", JsonFormatter.Default.Format(counts[0].Filter));
        Assert.Equal("""{ "must": [ { "field": { "key": "namespace", "match": { "keyword": "team-b" } } } ] }""", JsonFormatter.Default.Format(counts[1].Filter));
    }

    [Fact]
    public async Task A_filter_on_a_string_is_an_exact_keyword_match_on_the_scalar_copy()
    {
        var filter = await SentFilterAsync(new JsonObject { ["kind"] = "odd" });

        Assert.Equal(
            """{ "must": [ { "field": { "key": "namespace", "match": { "keyword": "default" } } }, { "field": { "key": "fields.kind", "match": { "keyword": "odd" } } } ] }""",
            filter);
    }

    [Theory]
    [InlineData("2", "2")]
    [InlineData("2.0", "2")]
    [InlineData("-0.5", "-0.5")]
    [InlineData("1e3", "1000")]
    public async Task A_filter_on_a_number_is_a_range_from_it_to_itself_so_2_matches_2_point_0(string number, string sent)
    {
        var filter = await SentFilterAsync((JsonObject)JsonNode.Parse($$"""{ "n": {{number}} }""")!);

        Assert.EndsWith($$"""{ "field": { "key": "fields.n", "range": { "gte": {{sent}}, "lte": {{sent}} } } } ] }""", filter, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_filter_on_a_boolean_is_a_boolean_match(bool value)
    {
        var filter = await SentFilterAsync(new JsonObject { ["flag"] = value });

        Assert.EndsWith($$"""{ "field": { "key": "fields.flag", "match": { "boolean": {{(value ? "true" : "false")}} } } } ] }""", filter, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_filter_on_null_matches_a_null_or_absent_field_but_not_one_holding_an_object_or_array()
    {
        var filter = await SentFilterAsync(new JsonObject { ["gone"] = null });

        Assert.EndsWith(
            """{ "filter": { "must": [ { "isEmpty": { "key": "fields.gone" } } ], "mustNot": [ { "field": { "key": "structured_fields", "match": { "keyword": "gone" } } } ] } } ] }""",
            filter);
    }

    [Fact]
    public async Task Every_condition_of_a_filter_must_hold()
    {
        var query = await SentFilterAsync(new JsonObject { ["kind"] = "a", ["lang"] = "en", ["n"] = 1 });

        Assert.Equal(4, System.Text.Json.JsonDocument.Parse(query).RootElement.GetProperty("must").GetArrayLength());
        Assert.DoesNotContain("should", query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_by_id_deletes_the_points_of_those_ids_in_that_namespace_only()
    {
        var team = MemoryNamespace.Parse("team-a");

        await _qdrant.Vectors().DeleteAsync(team, [RecordId.FromString("gone"), RecordId.FromInteger(5)]);

        var delete = Assert.Single(_qdrant.Double.Requests<DeletePoints>("/qdrant.Points/Delete"));
        Assert.Equal(
            [QdrantPointIds.For(team, RecordId.FromString("gone")).ToString(), QdrantPointIds.For(team, RecordId.FromInteger(5)).ToString()],
            delete.Points.Points.Ids.Select(i => i.Uuid));
        Assert.True(delete.Wait);
    }

    [Fact]
    public async Task Delete_of_a_namespace_deletes_by_the_namespace_filter()
    {
        await _qdrant.Vectors().DeleteNamespaceAsync(MemoryNamespace.Parse("team-a"));

        var delete = Assert.Single(_qdrant.Double.Requests<DeletePoints>("/qdrant.Points/Delete"));
        Assert.Equal("""{ "must": [ { "field": { "key": "namespace", "match": { "keyword": "team-a" } } } ] }""", JsonFormatter.Default.Format(delete.Points.Filter));
    }

    [Fact]
    public async Task Bad_vectors_and_limits_are_refused_before_anything_is_sent()
    {
        var store = _qdrant.Vectors();

        Assert.Equal("records[0].vector", (await Assert.ThrowsAsync<Errors.InvalidInputException>(() => store.UpsertAsync(Ns, [new VectorRecord(RecordId.FromInteger(1), [1, 0], [])]))).Field);
        Assert.Equal("query", (await Assert.ThrowsAsync<Errors.InvalidInputException>(() => store.SearchAsync(Ns, [float.NaN, 0, 0, 0], 5))).Field);
        Assert.Equal("limit", (await Assert.ThrowsAsync<Errors.InvalidInputException>(() => store.SearchAsync(Ns, [1, 0, 0, 0], 0))).Field);
        Assert.Empty(_qdrant.Double.Calls);
    }

    [Fact]
    public async Task Collection_info_reports_Qdrants_point_count_and_status_with_the_configured_shape()
    {
        await _qdrant.VectorsCollection.EnsureAsync();
        _qdrant.Double.SetPointsCount("ragmemory_vectors", 1234);

        var info = await _qdrant.Vectors().GetInfoAsync();

        Assert.Equal(new RagMemory.Vectors.CollectionInfo(1234, 4, "cosine", "green", "qdrant"), info);
        Assert.True(Assert.Single(_qdrant.Double.Requests<CountPoints>("/qdrant.Points/Count")).Exact);
    }

    [Fact]
    public async Task Describe_names_Qdrant_its_version_and_the_endpoint_without_the_api_key()
    {
        var description = await _qdrant.Vectors().DescribeAsync();

        Assert.Equal("Qdrant", description.Engine);
        Assert.Equal("1.15.0", description.Version);
        Assert.Equal("http://qdrant.test:6334/ragmemory_vectors", description.Location);
        Assert.Equal("vectors", Assert.Single(description.Sizes).What);
    }

    [Fact]
    public async Task Every_call_carries_the_api_key_and_a_deadline_within_the_backends_timeout()
    {
        _qdrant.Resilience.Backends[RagMemory.Resilience.Backends.VectorStore] = new() { Timeout = TimeSpan.FromSeconds(3) };

        await _qdrant.Vectors().SearchAsync(Ns, [1, 0, 0, 0], 1);

        Assert.All(_qdrant.Double.Calls, call =>
        {
            Assert.Equal(QdrantOnDouble.ApiKey, call.Headers["api-key"]);
            var deadline = GrpcTimeout(call.Headers["grpc-timeout"]);
            Assert.InRange(deadline, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(3));
        });
    }

    [Fact]
    public async Task Chunks_are_points_of_their_own_collection_keyed_by_chunk_id_with_their_fields()
    {
        var eventId = RecordId.FromInteger(42);

        var accepted = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

        await _qdrant.Chunks().UpsertAsync(Ns, [new ChunkVector(eventId, 3, "some text", new JsonObject { ["topic"] = "x", ["tags"] = new JsonArray("a") }, [0, 0, 0, 1], accepted)]);

        var point = Assert.Single(Assert.Single(_qdrant.Double.Requests<UpsertPoints>("/qdrant.Points/Upsert")).Points);
        Assert.Equal("ragmemory_chunks", _qdrant.Double.Requests<UpsertPoints>("/qdrant.Points/Upsert")[0].CollectionName);
        Assert.Equal(QdrantPointIds.For(Ns, RecordId.FromString("42#3")).ToString(), point.Id.Uuid);
        Assert.Equal(
            """{"namespace":"default","event_id":"42","chunk_index":3,"text":"some text","metadata_json":"{\"topic\":\"x\",\"tags\":[\"a\"]}","fields":{"topic":"x"},"structured_fields":["tags"],"ingested_at":1748779200000}""",
            QdrantPayloadJson.Of(point.Payload));
    }

    [Fact]
    public async Task Chunk_search_reads_typed_chunks_and_leaves_out_a_point_that_holds_no_chunk()
    {
        var chunks = _qdrant.Chunks();
        await chunks.UpsertAsync(Ns, [new ChunkVector(RecordId.FromString("lovelace"), 0, "first", null, [1, 0, 0, 0])]);
        var stored = _qdrant.Double.Requests<UpsertPoints>("/qdrant.Points/Upsert")[0].Points[0];
        _qdrant.Double.Answer<QueryPoints, QueryResponse>("/qdrant.Points/Query", _ => new()
        {
            Result =
            {
                new ScoredPoint { Id = stored.Id, Score = 0.99f, Payload = { stored.Payload } },
                new ScoredPoint { Id = Guid.NewGuid(), Score = 0.5f, Payload = { ["namespace"] = "default", ["event_id"] = "\"old\"", ["text"] = 42 } },
            },
        });

        var hit = Assert.Single(await chunks.SearchAsync(Ns, [1, 0, 0, 0], 5));

        Assert.Equal((RecordId.FromString("lovelace"), 0, "first", "\"lovelace\"#0", 0.99f), (hit.EventId, hit.ChunkIndex, hit.Text, hit.ChunkId, hit.Score));
        Assert.Null(hit.Metadata);
        var query = _qdrant.Double.Requests<QueryPoints>("/qdrant.Points/Query")[0];
        Assert.Equal("ragmemory_chunks", query.CollectionName);
    }

    [Fact]
    public async Task Deleting_an_events_chunks_deletes_by_namespace_and_the_events_JSON_form()
    {
        await _qdrant.Chunks().DeleteEventAsync(Ns, RecordId.FromString("42"));

        var delete = Assert.Single(_qdrant.Double.Requests<DeletePoints>("/qdrant.Points/Delete"));
        Assert.Equal("ragmemory_chunks", delete.CollectionName);
        Assert.Equal(
            """{ "must": [ { "field": { "key": "namespace", "match": { "keyword": "default" } } }, { "field": { "key": "event_id", "match": { "keywords": { "strings": [ "\"42\"" ] } } } } ] }""",
            JsonFormatter.Default.Format(delete.Points.Filter));
    }

    private async Task<string> SentFilterAsync(JsonObject filter)
    {
        await _qdrant.Vectors().SearchAsync(Ns, [1, 0, 0, 0], 5, PayloadFilter.From(filter));
        return JsonFormatter.Default.Format(_qdrant.Double.Requests<QueryPoints>("/qdrant.Points/Query").Single().Filter);
    }

    private static global::Qdrant.Client.Grpc.CollectionInfo DenseInfo(ulong size, Distance distance) => new()
    {
        Status = CollectionStatus.Green,
        Config = new CollectionConfig { Params = new CollectionParams { VectorsConfig = new VectorsConfig { Params = new VectorParams { Size = size, Distance = distance } } } },
    };

    /// <summary>gRPC's timeout header: digits and a unit (H, M, S, m, u, n).</summary>
    private static TimeSpan GrpcTimeout(string header)
    {
        var amount = long.Parse(header[..^1], System.Globalization.CultureInfo.InvariantCulture);
        return header[^1] switch
        {
            'H' => TimeSpan.FromHours(amount),
            'M' => TimeSpan.FromMinutes(amount),
            'S' => TimeSpan.FromSeconds(amount),
            'm' => TimeSpan.FromMilliseconds(amount),
            'u' => TimeSpan.FromMicroseconds(amount),
            'n' => TimeSpan.FromTicks(amount / 100),
            _ => throw new FormatException(header),
        };
    }
}
