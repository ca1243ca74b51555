using System.Text.Json.Nodes;
using RagMemory.Errors;
using RagMemory.Namespaces;
using RagMemory.Vectors;

namespace RagMemory.Tests.Engines.Contracts;

/// <summary>
/// What every <see cref="IChunkStore"/> adapter must do. A subclass creates a fresh, empty store of
/// <see cref="Dimensions"/>-long vectors for each test: the embedded HNSW + SQLite store here, Qdrant when it exists.
/// </summary>
public abstract class ChunkStoreContract : IAsyncLifetime
{
    protected const int Dimensions = 8;
    private static readonly MemoryNamespace Ns = MemoryNamespace.Default;
    private static readonly MemoryNamespace Other = MemoryNamespace.Parse("other-team");
    private static readonly RecordId Lovelace = RecordId.FromString("lovelace");
    private static readonly RecordId FortyTwo = RecordId.FromInteger(42);
    private IChunkStore? _store;

    protected IChunkStore Store => _store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    protected abstract Task<IChunkStore> CreateStoreAsync(int dimensions);

    protected abstract Task DeleteStoreAsync(IChunkStore store);

    public async Task InitializeAsync() => _store = await CreateStoreAsync(Dimensions);

    public async Task DisposeAsync()
    {
        if (_store is not null)
        {
            await DeleteStoreAsync(_store);
        }
    }

    [ContractFact]
    public async Task A_chunk_comes_back_typed_with_its_event_place_text_and_metadata()
    {
        await Store.UpsertAsync(Ns, [Chunk(Lovelace, 0, 0, new JsonObject { ["topic"] = "computing" }), Chunk(FortyTwo, 3, 1)]);

        var first = (await Store.SearchAsync(Ns, Axis(0), 1))[0];
        var second = (await Store.SearchAsync(Ns, Axis(1), 1))[0];

        Assert.Equal((Lovelace, 0, "text of \"lovelace\"#0", "\"lovelace\"#0"), (first.EventId, first.ChunkIndex, first.Text, first.ChunkId));
        Assert.Equal("computing", first.Metadata!["topic"]!.GetValue<string>());
        Assert.InRange(first.Score, 0.999f, 1.001f);
        Assert.Equal((FortyTwo, 3, "42#3"), (second.EventId, second.ChunkIndex, second.ChunkId));
    }

    [ContractFact]
    public async Task Stored_vectors_come_back_by_chunk_id_within_the_namespace_only()
    {
        await Store.UpsertAsync(Ns, [Chunk(Lovelace, 0, 0), Chunk(FortyTwo, 3, 1)]);
        await Store.UpsertAsync(Other, [Chunk(Lovelace, 1, 2)]);

        var vectors = await Store.GetVectorsAsync(Ns, [ChunkIds.For(Lovelace, 0), ChunkIds.For(FortyTwo, 3), ChunkIds.For(Lovelace, 1), "nothing#0"]);

        Assert.Equal([ChunkIds.For(Lovelace, 0), ChunkIds.For(FortyTwo, 3)], vectors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Axis(0), vectors[ChunkIds.For(Lovelace, 0)]);
        Assert.Equal(Axis(1), vectors[ChunkIds.For(FortyTwo, 3)]);
        Assert.Empty(await Store.GetVectorsAsync(Ns, []));
    }

    [ContractFact]
    public async Task Upserting_a_chunk_again_replaces_it()
    {
        await Store.UpsertAsync(Ns, [Chunk(Lovelace, 0, 0)]);
        await Store.UpsertAsync(Ns, [Chunk(Lovelace, 0, 2) with { Text = "second version" }]);

        var hit = Assert.Single(await Store.SearchAsync(Ns, Axis(2), 10));

        Assert.Equal("second version", hit.Text);
        Assert.InRange(hit.Score, 0.999f, 1.001f);
    }

    [ContractFact]
    public async Task Deleting_an_event_removes_its_chunks_only_and_again_is_harmless()
    {
        await Store.UpsertAsync(Ns, [Chunk(Lovelace, 0, 0), Chunk(Lovelace, 1, 1), Chunk(FortyTwo, 0, 2), Chunk(RecordId.FromString("42"), 0, 3)]);

        await Store.DeleteEventAsync(Ns, FortyTwo);
        await Store.DeleteEventAsync(Ns, FortyTwo);

        var left = await Store.SearchAsync(Ns, Axis(2), 10);
        Assert.Equal(["\"42\"#0", "\"lovelace\"#0", "\"lovelace\"#1"], left.Select(h => h.ChunkId).Order(StringComparer.Ordinal));
    }

    [ContractFact]
    public async Task Namespaces_keep_chunks_of_the_same_event_apart()
    {
        await Store.UpsertAsync(Ns, [Chunk(Lovelace, 0, 0) with { Text = "ours" }]);
        await Store.UpsertAsync(Other, [Chunk(Lovelace, 0, 0) with { Text = "theirs" }]);

        Assert.Equal("ours", Assert.Single(await Store.SearchAsync(Ns, Axis(0), 10)).Text);
        await Store.DeleteEventAsync(Other, Lovelace);
        Assert.Equal("ours", Assert.Single(await Store.SearchAsync(Ns, Axis(0), 10)).Text);
        Assert.Empty(await Store.SearchAsync(Other, Axis(0), 10));
    }

    [ContractFact]
    public async Task A_chunk_with_a_vector_of_the_wrong_length_is_refused_naming_it_and_nothing_is_stored()
    {
        var error = await Assert.ThrowsAsync<InvalidInputException>(() => Store.UpsertAsync(Ns, [Chunk(Lovelace, 0, 0), Chunk(Lovelace, 1, 0) with { Vector = new float[Dimensions + 1] }]));

        Assert.Equal("chunks[1].vector", error.Field);
        Assert.Empty(await Store.SearchAsync(Ns, Axis(0), 10));
    }

    [ContractTheory]
    [MemberData(nameof(FilteredSearchCases.Filters), MemberType = typeof(FilteredSearchCases))]
    public async Task A_filtered_search_returns_the_chunks_of_exactly_the_events_the_filter_lets_through(string? metadata, int? afterHour, int? beforeHour, string expected)
    {
        await UpsertFilterCasesAsync();

        var hits = await Store.SearchAsync(Ns, Axis(0), 50, FilteredSearchCases.Filter(metadata, afterHour, beforeHour));

        Assert.Equal(expected, FilteredSearchCases.Ids(hits.Select(h => h.EventId)));
    }

    [ContractFact]
    public async Task The_acceptance_window_holds_to_the_tick_and_a_hit_keeps_its_metadata()
    {
        await UpsertFilterCasesAsync();
        var start = FilteredSearchCases.Start;

        var hits = await Store.SearchAsync(Ns, Axis(0), 50, ChunkFilter.From(null, start.AddHours(1).AddTicks(1), start.AddHours(3).AddTicks(-1)));

        Assert.Equal("real-two", FilteredSearchCases.Ids(hits.Select(h => h.EventId)));
        Assert.Equal("clinic", hits[0].Metadata!["source"]!.GetValue<string>());
    }

    [ContractFact]
    public async Task A_narrow_filter_still_returns_limit_chunks_when_that_many_match_however_far_they_rank()
    {
        // 200 chunks nearer the query than any of the 5 that match: a search that filtered its usual depth afterwards would find none.
        var near = Enumerable.Range(0, 200).Select(i => Chunk(RecordId.FromInteger(i), 0, 0, new JsonObject { ["team"] = "near" }) with { Vector = Towards(1, 10 + (i * 0.01f)) });
        var far = Enumerable.Range(0, 5).Select(i => Chunk(RecordId.FromString($"far-{i}"), 0, 0, new JsonObject { ["team"] = "far" }) with { Vector = Towards(1, 1.5f - (i * 0.1f)) });
        await Store.UpsertAsync(Ns, [.. near, .. far]);

        var hits = await Store.SearchAsync(Ns, Axis(0), 3, ChunkFilter.From(new JsonObject { ["team"] = "far" }, null, null));

        Assert.Equal(["far-0", "far-1", "far-2"], hits.Select(h => h.EventId.ToString()));
        Assert.Equal(3, (await Store.SearchAsync(Ns, Axis(0), 3)).Count(h => h.Metadata!["team"]!.GetValue<string>() == "near"));
    }

    private Task UpsertFilterCasesAsync() =>
        Store.UpsertAsync(Ns, [.. FilteredSearchCases.Events.Select((e, i) =>
            Chunk(RecordId.FromString(e.Id), 0, 0, FilteredSearchCases.MetadataOf(i)) with { IngestedAt = FilteredSearchCases.AcceptedAt(i), Vector = Towards(1 + i, 5) })]);

    /// <summary>Another axis (not 0) tilted towards axis 0: the greater <paramref name="weight"/>, the nearer a query along axis 0.</summary>
    private static float[] Towards(int axis, float weight)
    {
        var vector = Axis(axis);
        vector[0] = weight;
        return vector;
    }

    private static ChunkVector Chunk(RecordId eventId, int index, int axis, JsonObject? metadata = null) =>
        new(eventId, index, $"text of {ChunkIds.For(eventId, index)}", metadata, Axis(axis));

    private static float[] Axis(int axis)
    {
        var vector = new float[Dimensions];
        vector[axis] = 1f;
        return vector;
    }
}
