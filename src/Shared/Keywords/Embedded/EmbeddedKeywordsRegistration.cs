using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RagMemory.Engines;
using RagMemory.Storage;

namespace RagMemory.Keywords.Embedded;

public static class EmbeddedKeywordsRegistration
{
    /// <summary>Keywords ranked by SQLite FTS5's BM25 (<c>Engines:Keywords=Embedded</c>).</summary>
    public static IHostApplicationBuilder AddEmbeddedKeywords(this IHostApplicationBuilder builder)
    {
        builder.Services.AddEmbeddedDatabase();
        builder.Services.AddKeyedSingleton<IKeywordIndex, Fts5KeywordIndex>(EngineRegistration.Adapter);
        return builder;
    }
}
