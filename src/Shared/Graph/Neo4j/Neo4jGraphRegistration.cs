using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RagMemory.Engines;

namespace RagMemory.Graph.Neo4j;

public static class Neo4jGraphRegistration
{
    /// <summary>The graph on Neo4j through its HTTP Query API (<c>Engines:Graph=Neo4j</c>, the <c>Neo4j</c> section).</summary>
    public static IHostApplicationBuilder AddNeo4jGraph(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<Neo4jOptions>().BindConfiguration(Neo4jOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<Neo4jOptions>, Neo4jOptionsValidation>();
        // One long-lived client whose pooled connections are renewed, so a moved server address is picked up.
        services.AddSingleton(sp => new QueryApiClient(
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }),
            sp.GetRequiredService<IOptions<Neo4jOptions>>()));
        services.AddSingleton<Neo4jGraphStore>();
        services.AddKeyedSingleton<IGraphStore>(EngineRegistration.Adapter, (sp, _) => sp.GetRequiredService<Neo4jGraphStore>());
        services.AddSingleton<Neo4jSchema>();
        services.AddHostedService(sp => sp.GetRequiredService<Neo4jSchema>());
        return builder;
    }
}
