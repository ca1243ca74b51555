using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RagMemory.Engines;
using RagMemory.Storage;

namespace RagMemory.Graph.Embedded;

public static class EmbeddedGraphRegistration
{
    /// <summary>The graph as SQLite tables traversed by recursive queries (<c>Engines:Graph=Embedded</c>).</summary>
    public static IHostApplicationBuilder AddEmbeddedGraph(this IHostApplicationBuilder builder)
    {
        builder.Services.AddEmbeddedDatabase();
        builder.Services.AddKeyedSingleton<IGraphStore, SqliteGraphStore>(EngineRegistration.Adapter);
        return builder;
    }
}
