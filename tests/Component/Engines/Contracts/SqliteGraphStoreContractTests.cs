using RagMemory.Graph;
using RagMemory.Graph.Embedded;

namespace RagMemory.Tests.Engines.Contracts;

/// <summary>The graph store contract against the embedded adapter: SQLite tables with recursive traversal.</summary>
public sealed class SqliteGraphStoreContractTests : GraphStoreContract
{
    private readonly TempDataFolder _folder = new();

    protected override Task<IGraphStore> CreateGraphAsync() => Task.FromResult<IGraphStore>(new SqliteGraphStore(_folder.OpenDatabase()));

    protected override Task DeleteGraphAsync(IGraphStore graph)
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }
}
