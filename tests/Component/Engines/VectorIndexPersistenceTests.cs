using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RagMemory.Namespaces;
using RagMemory.Vectors;
using RagMemory.Vectors.Embedded;

namespace RagMemory.Tests.Engines;

/// <summary>
/// SQLite is the source of truth; the HNSW file beside it is trusted only when it is readable and saved at the
/// current write version. Otherwise the store rebuilds it from SQLite at start.
/// </summary>
public sealed class VectorIndexPersistenceTests : IDisposable
{
    private const int Dimensions = 8;
    private readonly TempDataFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string IndexPath => _folder.Storage.Value.VectorIndexPath;

    private string VersionPath => IndexPath + ".version";

    [Fact]
    public async Task A_fresh_index_file_is_loaded_and_answers_searches()
    {
        await WriteThreeRecordsAsync();

        using var store = OpenStore();

        Assert.Equal("loaded", store.IndexState);
        Assert.Equal("loaded", (await store.GetInfoAsync()).IndexState);
        await AssertSearchesFindThreeRecordsAsync(store);
    }

    [Fact]
    public async Task A_loaded_index_searches_with_the_configured_expansion_not_the_librarys_default()
    {
        const int configured = 150;
        await WriteThreeRecordsAsync();

        using var store = OpenStore(configured);

        Assert.Equal("loaded", store.IndexState);
        Assert.Equal(configured, store.SearchExpansion);
    }

    [Fact]
    public void A_built_index_searches_with_the_configured_expansion()
    {
        File.Delete(IndexPath);

        using var store = OpenStore(expansionSearch: 150);

        Assert.Equal(150, store.SearchExpansion);
    }

    [Fact]
    public async Task A_missing_index_file_is_rebuilt_from_sqlite()
    {
        await WriteThreeRecordsAsync();
        File.Delete(IndexPath);

        using var store = OpenStore();

        Assert.Equal("rebuilt", store.IndexState);
        await AssertSearchesFindThreeRecordsAsync(store);
    }

    [Fact]
    public async Task A_missing_version_sidecar_makes_the_index_rebuilt()
    {
        await WriteThreeRecordsAsync();
        File.Delete(VersionPath);

        using var store = OpenStore();

        Assert.Equal("rebuilt", store.IndexState);
        await AssertSearchesFindThreeRecordsAsync(store);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(16)]
    [InlineData(4096)]
    public async Task An_index_file_of_garbage_bytes_is_rebuilt_from_sqlite(int length)
    {
        await WriteThreeRecordsAsync();
        var garbage = new byte[length];
        new Random(length).NextBytes(garbage);
        File.WriteAllBytes(IndexPath, garbage);

        using var store = OpenStore();

        Assert.Equal("rebuilt", store.IndexState);
        await AssertSearchesFindThreeRecordsAsync(store);
    }

    [Fact]
    public async Task A_truncated_index_file_is_rebuilt_from_sqlite()
    {
        await WriteThreeRecordsAsync();
        var bytes = File.ReadAllBytes(IndexPath);
        File.WriteAllBytes(IndexPath, bytes[..(bytes.Length / 2)]);

        using var store = OpenStore();

        Assert.Equal("rebuilt", store.IndexState);
        await AssertSearchesFindThreeRecordsAsync(store);
    }

    [Fact]
    public async Task An_index_file_whose_version_sidecar_does_not_match_sqlite_is_rebuilt()
    {
        await WriteThreeRecordsAsync();
        File.WriteAllText(VersionPath, "999");

        using var store = OpenStore();

        Assert.Equal("rebuilt", store.IndexState);
        await AssertSearchesFindThreeRecordsAsync(store);
    }

    [Fact]
    public async Task A_stale_index_file_from_before_later_writes_is_rebuilt_and_the_later_writes_are_found()
    {
        await WriteThreeRecordsAsync();
        var staleIndex = File.ReadAllBytes(IndexPath);
        var staleVersion = File.ReadAllText(VersionPath);
        using (var store = OpenStore())
        {
            await store.UpsertAsync(MemoryNamespace.Default, [Record(RecordId.FromString("later"), 3)]);
            await store.DeleteAsync(MemoryNamespace.Default, [RecordId.FromInteger(2)]);
        }

        // As after a crash that lost the last save: the files on disk are from before the later writes.
        File.WriteAllBytes(IndexPath, staleIndex);
        File.WriteAllText(VersionPath, staleVersion);
        using var reopened = OpenStore();

        Assert.Equal("rebuilt", reopened.IndexState);
        Assert.Equal(3, (await reopened.GetInfoAsync()).Size);
        Assert.Equal(RecordId.FromString("later"), (await reopened.SearchAsync(MemoryNamespace.Default, Axis(3), 1))[0].Id);
        Assert.DoesNotContain(await reopened.SearchAsync(MemoryNamespace.Default, Axis(2), 10), h => h.Id == RecordId.FromInteger(2));
    }

    [Fact]
    public async Task An_index_file_holding_another_number_of_vectors_than_sqlite_is_rebuilt_even_with_a_matching_version()
    {
        await WriteThreeRecordsAsync();
        var staleIndex = File.ReadAllBytes(IndexPath);
        using (var store = OpenStore())
        {
            await store.UpsertAsync(MemoryNamespace.Default, [Record(RecordId.FromString("later"), 3)]);
        }

        File.WriteAllBytes(IndexPath, staleIndex);
        using var reopened = OpenStore();

        Assert.Equal("rebuilt", reopened.IndexState);
        Assert.Equal(RecordId.FromString("later"), (await reopened.SearchAsync(MemoryNamespace.Default, Axis(3), 1))[0].Id);
    }

    [Fact]
    public async Task An_index_file_holding_other_keys_than_sqlite_is_rebuilt_even_with_a_matching_version_and_count()
    {
        await WriteThreeRecordsAsync();
        var otherKeys = File.ReadAllBytes(IndexPath);
        using (var store = OpenStore())
        {
            await store.DeleteAsync(MemoryNamespace.Default, [RecordId.FromString("first")]);
            await store.UpsertAsync(MemoryNamespace.Default, [Record(RecordId.FromString("later"), 3)]);
        }

        // Three vectors at the version beside it, but "first"'s key where SQLite has "later"'s: a file from another
        // copy of the data folder, say. Trusted, a search for "later" would find nothing.
        File.WriteAllBytes(IndexPath, otherKeys);
        using var reopened = OpenStore();

        Assert.Equal("rebuilt", reopened.IndexState);
        Assert.Equal(RecordId.FromString("later"), (await reopened.SearchAsync(MemoryNamespace.Default, Axis(3), 1))[0].Id);
    }

    [Fact]
    public async Task A_loaded_index_accepts_writes_that_survive_the_next_restart()
    {
        await WriteThreeRecordsAsync();
        using (var loaded = OpenStore())
        {
            Assert.Equal("loaded", loaded.IndexState);
            await loaded.UpsertAsync(MemoryNamespace.Default, [Record(RecordId.FromString("after-load"), 4)]);
            await loaded.DeleteAsync(MemoryNamespace.Default, [RecordId.FromString("first")]);
        }

        using var store = OpenStore();

        Assert.Equal("loaded", store.IndexState);
        Assert.Equal(3, (await store.GetInfoAsync()).Size);
        Assert.Equal(RecordId.FromString("after-load"), (await store.SearchAsync(MemoryNamespace.Default, Axis(4), 1))[0].Id);
        Assert.DoesNotContain(await store.SearchAsync(MemoryNamespace.Default, Axis(0), 10), h => h.Id == RecordId.FromString("first"));
    }

    [Fact]
    public async Task An_empty_store_starts_rebuilt_and_saves_a_file_that_loads_next_time()
    {
        using (var empty = OpenStore())
        {
            Assert.Equal("rebuilt", empty.IndexState);
            Assert.Equal(0, (await empty.GetInfoAsync()).Size);
        }

        using var store = OpenStore();

        Assert.Equal("loaded", store.IndexState);
    }

    /// <summary>Stores "first" (string id), 2 (integer id) and "third", then closes the store, which saves the index.</summary>
    private async Task WriteThreeRecordsAsync()
    {
        using var store = OpenStore();
        await store.UpsertAsync(MemoryNamespace.Default, [Record(RecordId.FromString("first"), 0), Record(RecordId.FromInteger(2), 1), Record(RecordId.FromString("third"), 2)]);
        store.Dispose();
        Assert.True(File.Exists(IndexPath));
        Assert.True(File.Exists(VersionPath));
    }

    private static async Task AssertSearchesFindThreeRecordsAsync(HnswSqliteVectorStore store)
    {
        Assert.Equal(3, (await store.GetInfoAsync()).Size);
        Assert.Equal(RecordId.FromString("first"), (await store.SearchAsync(MemoryNamespace.Default, Axis(0), 1))[0].Id);
        Assert.Equal(RecordId.FromInteger(2), (await store.SearchAsync(MemoryNamespace.Default, Axis(1), 1))[0].Id);
        Assert.Equal(RecordId.FromString("third"), (await store.SearchAsync(MemoryNamespace.Default, Axis(2), 1))[0].Id);
        Assert.Equal(2, (await store.SearchAsync(MemoryNamespace.Default, Axis(1), 1))[0].Payload["axis"]!.GetValue<int>());
    }

    private HnswSqliteVectorStore OpenStore(int expansionSearch = 96) => new(
        _folder.OpenDatabase(),
        _folder.Storage,
        Options.Create(new VectorIndexOptions { Dimensions = Dimensions, ExpansionSearch = expansionSearch }),
        NullLogger<HnswSqliteVectorStore>.Instance);

    private static VectorRecord Record(RecordId id, int axis) => new(id, Axis(axis), new JsonObject { ["axis"] = axis + 1 });

    private static float[] Axis(int axis)
    {
        var vector = new float[Dimensions];
        vector[axis] = 1f;
        return vector;
    }
}
