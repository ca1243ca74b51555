using System.Diagnostics.Metrics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RagMemory.Namespaces;
using RagMemory.Observability;
using RagMemory.Vectors;
using RagMemory.Vectors.Embedded;

namespace RagMemory.Tests.Engines.Contracts;

/// <summary>The chunk store contract against the embedded adapter, plus what only it can meet: a row that is not a chunk's.</summary>
public sealed class HnswSqliteChunkStoreContractTests : ChunkStoreContract
{
    private readonly TempDataFolder _folder = new();
    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private HnswSqliteVectorStore? _rows;
    private RagMemoryMetrics? _metrics;

    protected override Task<IChunkStore> CreateStoreAsync(int dimensions)
    {
        _rows = new HnswSqliteVectorStore(_folder.OpenDatabase(), _folder.Storage, Options.Create(new VectorIndexOptions { Dimensions = dimensions }), NullLogger<HnswSqliteVectorStore>.Instance, VectorCollection.Chunks);
        _metrics = new RagMemoryMetrics(_meters.GetRequiredService<IMeterFactory>());
        return Task.FromResult<IChunkStore>(new HnswSqliteChunkStore(_rows, new SkippedRecords(_metrics, NullLogger<SkippedRecords>.Instance)));
    }

    protected override Task DeleteStoreAsync(IChunkStore store)
    {
        ((HnswSqliteChunkStore)store).Dispose();
        _metrics?.Dispose();
        _meters.Dispose();
        _folder.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_stored_row_whose_payload_is_not_a_chunks_is_left_out_of_searches()
    {
        var vector = new float[Dimensions];
        vector[4] = 1f;
        await _rows!.UpsertAsync(MemoryNamespace.Default, [new VectorRecord(RecordId.FromString("\"old\"#0"), vector, new JsonObject { ["event_id"] = "old", ["text"] = 42 })]);

        Assert.Empty(await Store.SearchAsync(MemoryNamespace.Default, vector, 5));
    }
}
