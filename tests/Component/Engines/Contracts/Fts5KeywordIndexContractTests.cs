using Microsoft.Extensions.Options;
using RagMemory.Keywords;
using RagMemory.Keywords.Embedded;

namespace RagMemory.Tests.Engines.Contracts;

/// <summary>The keyword index contract against the embedded adapter: SQLite FTS5 with BM25.</summary>
public sealed class Fts5KeywordIndexContractTests : KeywordIndexContract
{
    private readonly TempDataFolder _folder = new();

    protected override Task<IKeywordIndex> CreateIndexAsync() => Task.FromResult<IKeywordIndex>(new Fts5KeywordIndex(_folder.OpenDatabase(), Options.Create(new KeywordIndexOptions())));

    protected override Task DeleteIndexAsync(IKeywordIndex index)
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }
}
