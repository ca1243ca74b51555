using System.Text.Json.Nodes;
using RagMemory.Errors;
using RagMemory.Namespaces;
using RagMemory.Vectors;

namespace RagMemory.Tests.Engines.Contracts;

/// <summary>
/// What every <see cref="IVectorStore"/> adapter must do. A subclass creates a fresh, empty store of
/// <see cref="Dimensions"/>-long vectors for each test: the embedded HNSW + SQLite store here, Qdrant when it exists.
/// </summary>
public abstract class VectorStoreContract : IAsyncLifetime
{
    protected const int Dimensions = 8;
    private static readonly MemoryNamespace Ns = MemoryNamespace.Default;
    private IVectorStore? _store;

    protected IVectorStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    /// <summary>A new, empty store for vectors of <paramref name="dimensions"/> numbers, private to the current test.</summary>
    protected abstract Task<IVectorStore> CreateStoreAsync(int dimensions);

    /// <summary>Releases the store and whatever backs it.</summary>
    protected abstract Task DeleteStoreAsync(IVectorStore store);

    public async Task InitializeAsync() => _store = await CreateStoreAsync(Dimensions);

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await DeleteStoreAsync(_store);
        }
    }

    [ContractFact]
    public async Task Namespaces_keep_records_of_the_same_id_apart()
    {
        var other = MemoryNamespace.Parse("other-team");
        await Store.UpsertAsync(Ns, [new VectorRecord(RecordId.FromString("shared"), Axis(0), new JsonObject { ["owner"] = "us" })]);
        await Store.UpsertAsync(other, [new VectorRecord(RecordId.FromString("shared"), Axis(0), new JsonObject { ["owner"] = "them" })]);

        Assert.Equal("us", Assert.Single(await Store.SearchAsync(Ns, Axis(0), 10)).Payload["owner"]!.GetValue<string>());
        await Store.DeleteAsync(other, [RecordId.FromString("shared")]);
        Assert.Equal("us", Assert.Single(await Store.SearchAsync(Ns, Axis(0), 10)).Payload["owner"]!.GetValue<string>());
        Assert.Empty(await Store.SearchAsync(other, Axis(0), 10));
    }

    [ContractFact]
    public async Task Upsert_then_search_returns_a_string_id_unchanged()
    {
        await Store.UpsertAsync(Ns, [Record(RecordId.FromString("doc-1"), Axis(0)), Record(RecordId.FromInteger(7), Axis(1))]);

        var top = (await Store.SearchAsync(Ns, Axis(0), 1))[0];

        Assert.Equal(RecordId.FromString("doc-1"), top.Id);
        Assert.False(top.Id.IsInteger);
        Assert.Equal("doc-1", top.Id.ToString());
    }

    [ContractFact]
    public async Task Upsert_then_search_returns_an_integer_id_unchanged()
    {
        await Store.UpsertAsync(Ns, [Record(RecordId.FromString("doc-1"), Axis(0)), Record(RecordId.FromInteger(42), Axis(1))]);

        var top = (await Store.SearchAsync(Ns, Axis(1), 1))[0];

        Assert.Equal(RecordId.FromInteger(42), top.Id);
        Assert.True(top.Id.IsInteger);
        Assert.Equal("42", top.Id.Json);
    }

    [ContractFact]
    public async Task A_string_id_and_an_integer_id_with_the_same_digits_are_two_records()
    {
        await Store.UpsertAsync(Ns, [Record(RecordId.FromString("1"), Axis(0)), Record(RecordId.FromInteger(1), Axis(1))]);

        Assert.Equal(2, (await Store.GetInfoAsync()).Size);
        Assert.Equal(RecordId.FromString("1"), (await Store.SearchAsync(Ns, Axis(0), 1))[0].Id);
        Assert.Equal(RecordId.FromInteger(1), (await Store.SearchAsync(Ns, Axis(1), 1))[0].Id);
    }

    [ContractFact]
    public async Task Search_returns_the_payload_as_it_was_stored()
    {
        var payload = new JsonObject
        {
            ["text"] = "héllo \"quoted\"",
            ["n"] = 3,
            ["ratio"] = 0.5,
            ["flag"] = true,
            ["nothing"] = null,
            ["nested"] = new JsonObject { ["tags"] = new JsonArray("a", "b") },
        };
        await Store.UpsertAsync(Ns, [new VectorRecord(RecordId.FromString("p"), Axis(2), payload)]);

        var hit = Assert.Single(await Store.SearchAsync(Ns, Axis(2), 5));

        Assert.True(JsonNode.DeepEquals(payload, hit.Payload), hit.Payload.ToJsonString());
    }

    [ContractFact]
    public async Task Search_scores_an_identical_vector_near_one_and_an_orthogonal_one_near_zero()
    {
        await Store.UpsertAsync(Ns, [Record(RecordId.FromString("same"), Axis(0)), Record(RecordId.FromString("orthogonal"), Axis(1))]);

        var hits = await Store.SearchAsync(Ns, Axis(0), 2);

        Assert.Equal(["same", "orthogonal"], hits.Select(h => h.Id.ToString()));
        Assert.InRange(hits[0].Score, 0.999f, 1.001f);
        Assert.InRange(hits[1].Score, -0.001f, 0.001f);
    }

    [ContractFact]
    public async Task Upsert_of_an_existing_id_replaces_its_vector_and_payload()
    {
        var id = RecordId.FromString("replaced");
        await Store.UpsertAsync(Ns, [new VectorRecord(id, Axis(0), new JsonObject { ["version"] = 1 })]);
        await Store.UpsertAsync(Ns, [new VectorRecord(id, Axis(3), new JsonObject { ["version"] = 2 })]);

        var hit = Assert.Single(await Store.SearchAsync(Ns, Axis(3), 10));

        Assert.Equal(id, hit.Id);
        Assert.InRange(hit.Score, 0.999f, 1.001f);
        Assert.Equal(2, hit.Payload["version"]!.GetValue<int>());
        Assert.Equal(1, (await Store.GetInfoAsync()).Size);
    }

    [ContractFact]
    public async Task Upsert_with_a_vector_of_the_wrong_dimension_throws_naming_the_field_and_stores_nothing()
    {
        IReadOnlyList<VectorRecord> batch = [Record(RecordId.FromString("good"), Axis(0)), Record(RecordId.FromString("bad"), new float[Dimensions + 1])];

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Store.UpsertAsync(Ns, batch));

        Assert.Equal("records[1].vector", error.Field);
        Assert.Equal(0, (await Store.GetInfoAsync()).Size);
    }

    [ContractFact]
    public async Task Search_with_a_query_of_the_wrong_dimension_throws_naming_the_query()
    {
        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Store.SearchAsync(Ns, new float[Dimensions - 1], 5));

        Assert.Equal("query", error.Field);
    }

    [ContractTheory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public async Task Upsert_refuses_a_vector_holding_a_non_finite_number(float value)
    {
        var vector = Axis(0);
        vector[3] = value;

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Store.UpsertAsync(Ns, [Record(RecordId.FromString("x"), vector)]));

        Assert.Equal("records[0].vector", error.Field);
        Assert.Equal(0, (await Store.GetInfoAsync()).Size);
    }

    [ContractTheory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public async Task Search_refuses_a_query_holding_a_non_finite_number(float value)
    {
        var query = Axis(0);
        query[0] = value;

        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Store.SearchAsync(Ns, query, 5));

        Assert.Equal("query", error.Field);
    }

    [ContractTheory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(VectorChecks.MaxSearchLimit + 1)]
    public async Task Search_with_a_limit_outside_1_to_the_ranking_depth_throws_naming_limit(int limit)
    {
        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Store.SearchAsync(Ns, Axis(0), limit));

        Assert.Equal("limit", error.Field);
    }

    [ContractTheory]
    [InlineData(1)]
    [InlineData(100)]
    public async Task Search_accepts_the_limits_1_and_100(int limit)
    {
        await Store.UpsertAsync(Ns, Enumerable.Range(0, 120).Select(i => Record(RecordId.FromInteger(i), Spread(i))).ToList());

        var hits = await Store.SearchAsync(Ns, Axis(0), limit);

        Assert.Equal(limit, hits.Count);
    }

    [ContractFact]
    public async Task Search_returns_at_most_limit_hits_best_first()
    {
        await Store.UpsertAsync(Ns, Enumerable.Range(0, Dimensions).Select(i => Record(RecordId.FromInteger(i), Blend(0, i, i / (float)Dimensions))).ToList());

        var hits = await Store.SearchAsync(Ns, Axis(0), 3);

        Assert.Equal(3, hits.Count);
        Assert.Equal(RecordId.FromInteger(0), hits[0].Id);
        Assert.True(hits.Zip(hits.Skip(1)).All(p => p.First.Score >= p.Second.Score), string.Join(", ", hits.Select(h => h.Score)));
    }

    [ContractFact]
    public async Task Search_on_an_empty_store_finds_nothing()
    {
        Assert.Empty(await Store.SearchAsync(Ns, Axis(0), 10));
    }

    [ContractFact]
    public async Task Search_with_a_payload_filter_returns_only_records_that_match_it()
    {
        await Store.UpsertAsync(Ns, Enumerable.Range(0, 10)
            .Select(i => new VectorRecord(RecordId.FromInteger(i), Spread(i), new JsonObject { ["kind"] = i % 2 == 0 ? "even" : "odd", ["n"] = i }))
            .ToList());

        var hits = await Store.SearchAsync(Ns, Axis(0), 10, PayloadFilter.From(new JsonObject { ["kind"] = "odd" }));

        Assert.Equal([1, 3, 5, 7, 9], hits.Select(h => h.Payload["n"]!.GetValue<int>()).Order());
    }

    [ContractFact]
    public async Task Search_with_a_filter_on_two_fields_requires_both()
    {
        await Store.UpsertAsync(Ns, 
        [
            new VectorRecord(RecordId.FromString("both"), Axis(0), new JsonObject { ["kind"] = "a", ["lang"] = "en" }),
            new VectorRecord(RecordId.FromString("kind-only"), Axis(0), new JsonObject { ["kind"] = "a", ["lang"] = "fr" }),
            new VectorRecord(RecordId.FromString("lang-only"), Axis(0), new JsonObject { ["kind"] = "b", ["lang"] = "en" }),
        ]);

        var hits = await Store.SearchAsync(Ns, Axis(0), 10, PayloadFilter.From(new JsonObject { ["kind"] = "a", ["lang"] = "en" }));

        Assert.Equal(RecordId.FromString("both"), Assert.Single(hits).Id);
    }

    [ContractFact]
    public async Task Search_with_a_selective_filter_finds_the_only_match_even_when_it_is_far_from_the_query()
    {
        var records = Enumerable.Range(0, 300)
            .Select(i => new VectorRecord(RecordId.FromInteger(i), Blend(0, 1 + (i % (Dimensions - 2)), 0.1f + (i % 7 / 100f)), new JsonObject { ["rare"] = false }))
            .Append(new VectorRecord(RecordId.FromString("needle"), Axis(Dimensions - 1), new JsonObject { ["rare"] = true }))
            .ToList();
        await Store.UpsertAsync(Ns, records);

        var hits = await Store.SearchAsync(Ns, Axis(0), 5, PayloadFilter.From(new JsonObject { ["rare"] = true }));

        Assert.Equal(RecordId.FromString("needle"), Assert.Single(hits).Id);
    }

    [ContractFact]
    public async Task Search_with_a_filter_that_matches_nothing_finds_nothing()
    {
        await Store.UpsertAsync(Ns, [new VectorRecord(RecordId.FromString("a"), Axis(0), new JsonObject { ["kind"] = "a" })]);

        Assert.Empty(await Store.SearchAsync(Ns, Axis(0), 5, PayloadFilter.From(new JsonObject { ["kind"] = "z" })));
    }

    [ContractFact]
    public async Task Delete_removes_records_from_search_and_from_the_count()
    {
        await Store.UpsertAsync(Ns, [Record(RecordId.FromString("keep"), Axis(0)), Record(RecordId.FromInteger(5), Axis(0)), Record(RecordId.FromString("gone"), Axis(0))]);

        await Store.DeleteAsync(Ns, [RecordId.FromInteger(5), RecordId.FromString("gone")]);

        Assert.Equal(RecordId.FromString("keep"), Assert.Single(await Store.SearchAsync(Ns, Axis(0), 10)).Id);
        Assert.Equal(1, (await Store.GetInfoAsync()).Size);
    }

    [ContractFact]
    public async Task Delete_of_an_unknown_id_changes_nothing()
    {
        await Store.UpsertAsync(Ns, [Record(RecordId.FromString("keep"), Axis(0))]);

        await Store.DeleteAsync(Ns, [RecordId.FromString("never-stored"), RecordId.FromInteger(404)]);

        Assert.Equal(1, (await Store.GetInfoAsync()).Size);
    }

    [ContractFact]
    public async Task A_deleted_id_can_be_stored_again()
    {
        var id = RecordId.FromString("again");
        await Store.UpsertAsync(Ns, [Record(id, Axis(0))]);
        await Store.DeleteAsync(Ns, [id]);

        await Store.UpsertAsync(Ns, [Record(id, Axis(4))]);

        var hit = Assert.Single(await Store.SearchAsync(Ns, Axis(4), 10));
        Assert.Equal(id, hit.Id);
        Assert.InRange(hit.Score, 0.999f, 1.001f);
    }

    [ContractFact]
    public async Task GetInfo_reports_size_dimension_cosine_distance_and_index_state()
    {
        await Store.UpsertAsync(Ns, [Record(RecordId.FromString("a"), Axis(0)), Record(RecordId.FromString("b"), Axis(1))]);

        var info = await Store.GetInfoAsync();

        Assert.Equal(2, info.Size);
        Assert.Equal(Dimensions, info.Dimension);
        Assert.Equal(Dimensions, Store.Dimensions);
        Assert.Equal("cosine", info.Distance);
        Assert.False(string.IsNullOrWhiteSpace(info.IndexState));
        Assert.False(string.IsNullOrWhiteSpace(info.Engine));
    }

    [ContractFact]
    public async Task Concurrent_upserts_and_searches_all_succeed_and_every_record_is_counted()
    {
        const int writers = 4;
        const int perWriter = 100;

        var writes = Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < perWriter; i++)
            {
                var key = (w * perWriter) + i;
                await Store.UpsertAsync(Ns, [Record(RecordId.FromInteger(key), Spread(key))]);
            }
        }));
        var searches = Enumerable.Range(0, 8).Select(s => Task.Run(async () =>
        {
            for (var i = 0; i < 100; i++)
            {
                await Store.SearchAsync(Ns, Spread(s + i), 5);
            }
        }));
        await Task.WhenAll(writes.Concat(searches));

        Assert.Equal(writers * perWriter, (await Store.GetInfoAsync()).Size);
        Assert.Equal(RecordId.FromInteger(123), (await Store.SearchAsync(Ns, Spread(123), 1))[0].Id);
    }

    [ContractFact]
    public async Task Concurrent_upserts_of_the_same_ids_leave_each_id_searchable_by_the_vector_stored_last()
    {
        const int writers = 4;
        const int ids = 40;

        await Task.WhenAll(Enumerable.Range(0, writers).Select(w => Task.Run(async () =>
        {
            for (var round = 0; round < 5; round++)
            {
                for (var i = 0; i < ids; i++)
                {
                    await Store.UpsertAsync(Ns, [new VectorRecord(RecordId.FromInteger(i), Spread((w * 1000) + i), new JsonObject { ["writer"] = w })]);
                }
            }
        })));

        Assert.Equal(ids, (await Store.GetInfoAsync()).Size);
        for (var i = 0; i < ids; i++)
        {
            // The payload says whose write was stored last; the search must score that writer's vector as identical.
            var stored = (await Store.SearchAsync(Ns, Spread(i), ids)).Single(h => h.Id == RecordId.FromInteger(i));
            var writer = stored.Payload["writer"]!.GetValue<int>();
            var hit = (await Store.SearchAsync(Ns, Spread((writer * 1000) + i), ids)).Single(h => h.Id == RecordId.FromInteger(i));
            Assert.True(hit.Score > 0.999f, $"id {i}: payload of writer {writer} but its vector scores {hit.Score}");
        }
    }

    [ContractFact]
    public async Task Asking_for_as_many_vectors_as_are_stored_returns_every_one_however_often_they_were_replaced()
    {
        // An approximate graph worn by replacing the same ids can fail to reach some of its nodes (USearch did, in about
        // one search of 80 after this many replacements); the store must still answer with every vector.
        const int ids = 40;
        static float[] Centred(int seed)
        {
            var random = new Random(seed);
            return [.. Enumerable.Range(0, Dimensions).Select(_ => (float)random.NextDouble() - 0.5f)];
        }

        await Task.WhenAll(Enumerable.Range(0, 4).Select(writer => Task.Run(async () =>
        {
            for (var round = 0; round < 20; round++)
            {
                for (var i = 0; i < ids; i++)
                {
                    await Store.UpsertAsync(Ns, [new VectorRecord(RecordId.FromInteger(i), Centred((writer * 1000) + i), [])]);
                }
            }
        })));

        for (var query = 0; query < 400; query++)
        {
            Assert.Equal(ids, (await Store.SearchAsync(Ns, Centred(query), ids)).Count);
        }
    }

    protected static VectorRecord Record(RecordId id, float[] vector) => new(id, vector, new JsonObject { ["id"] = id.ToJsonNode() });

    /// <summary>The unit vector along <paramref name="axis"/>.</summary>
    protected static float[] Axis(int axis)
    {
        var vector = new float[Dimensions];
        vector[axis] = 1f;
        return vector;
    }

    /// <summary>A unit vector between two axes; <paramref name="towardSecond"/> 0 is the first axis, 1 the second.</summary>
    protected static float[] Blend(int first, int second, float towardSecond)
    {
        var vector = new float[Dimensions];
        vector[first] += MathF.Cos(towardSecond * MathF.PI / 2);
        vector[second] += MathF.Sin(towardSecond * MathF.PI / 2);
        return vector;
    }

    /// <summary>Distinct, deterministic vectors spread over the space.</summary>
    protected static float[] Spread(int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, Dimensions).Select(_ => (float)random.NextDouble() + 0.01f).ToArray();
    }
}
