using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RagMemory.Vectors;
using RagMemory.Vectors.Embedded;

namespace RagMemory.Tests.Engines.Contracts;

/// <summary>The vector store contract against the embedded adapter: USearch HNSW beside SQLite.</summary>
public sealed class HnswSqliteVectorStoreContractTests : VectorStoreContract
{
    private readonly TempDataFolder _folder = new();

    protected override Task<IVectorStore> CreateStoreAsync(int dimensions) =>
        Task.FromResult<IVectorStore>(new HnswSqliteVectorStore(
            _folder.OpenDatabase(),
            _folder.Storage,
            Options.Create(new VectorIndexOptions { Dimensions = dimensions }),
            NullLogger<HnswSqliteVectorStore>.Instance));

    protected override Task DeleteStoreAsync(IVectorStore store)
    {
        ((HnswSqliteVectorStore)store).Dispose();
        _folder.Dispose();
        return Task.CompletedTask;
    }
}
