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

    private static ChunkVector Chunk(RecordId eventId, int index, int axis, JsonObject? metadata = null) =>
        new(eventId, index, $"text of {ChunkIds.For(eventId, index)}", metadata, Axis(axis));

    private static float[] Axis(int axis)
    {
        var vector = new float[Dimensions];
        vector[axis] = 1f;
        return vector;
    }
}
