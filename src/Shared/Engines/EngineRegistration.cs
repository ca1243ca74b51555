using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RagMemory.Answers;
using RagMemory.Embeddings;
using RagMemory.Graph;
using RagMemory.Ingestion;
using RagMemory.Keywords;
using RagMemory.Observability;
using RagMemory.Resilience;
using RagMemory.Search;
using RagMemory.Storage;
using RagMemory.Vectors;

namespace RagMemory.Engines;

public static class EngineRegistration
{
    /// <summary>
    /// The service key of each port's engine adapter, beneath its resilience decorator. Tests register a fault injector
    /// under this key to fail or stall a backend on command.
    /// </summary>
    public const string Adapter = "adapter";

    /// <summary>
    /// The engine the <c>Engines</c> section chooses for each concern (embedded by default), each port behind its
    /// backend's resilience pipeline, the ingestion worker, hybrid search and answers. Nothing here knows an engine:
    /// each engine's folder has its own registration, and only the chosen ones are registered. A key that names no
    /// engine, or one this build cannot run, stops the start with a message naming the key.
    /// </summary>
    public static IHostApplicationBuilder AddRagMemoryEngines(this IHostApplicationBuilder builder)
    {
        var chosen = EngineCatalog.Choose(builder.Configuration.GetSection(EnginesOptions.SectionName).Get<EnginesOptions>() ?? new EnginesOptions());
        var answerFallback = EngineCatalog.ChooseAnswerFallback(builder.Configuration[$"{AnswersOptions.SectionName}:{nameof(AnswersOptions.Fallback)}"]);
        var services = builder.Services;
        services.AddOptions<EnginesOptions>().BindConfiguration(EnginesOptions.SectionName);
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<EmbeddingOptions>().BindConfiguration(EmbeddingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<IngestionOptions>().BindConfiguration(IngestionOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<KeywordIndexOptions>().BindConfiguration(KeywordIndexOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<HybridSearchOptions>().BindConfiguration(HybridSearchOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<SoftwareVersions>();

        services.AddOptions<ResilienceOptions>().BindConfiguration(ResilienceOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<RagMemoryMetrics>();
        services.AddSingleton<BackendPipelines>();
        services.AddSingleton<TextChunker>();
        foreach (var engine in chosen)
        {
            engine.Register(builder);
        }

        answerFallback?.Register(builder);

        // Everything else sees each port through its backend's resilience pipeline.
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(sp => new ResilientEmbeddingGenerator(AdapterOf<IEmbeddingGenerator<string, Embedding<float>>>(sp), sp.GetRequiredService<BackendPipelines>()));
        services.AddSingleton<IVectorStore>(sp => new ResilientVectorStore(AdapterOf<IVectorStore>(sp), sp.GetRequiredService<BackendPipelines>()));
        services.AddSingleton<IChunkStore>(sp => new ResilientChunkStore(AdapterOf<IChunkStore>(sp), sp.GetRequiredService<BackendPipelines>()));
        services.AddSingleton<IKeywordIndex>(sp => new ResilientKeywordIndex(AdapterOf<IKeywordIndex>(sp), sp.GetRequiredService<BackendPipelines>()));
        services.AddSingleton<IGraphStore>(sp => new ResilientGraphStore(AdapterOf<IGraphStore>(sp), sp.GetRequiredService<BackendPipelines>()));
        services.AddSingleton<IEventStore>(sp => new ResilientEventStore(AdapterOf<IEventStore>(sp), sp.GetRequiredService<BackendPipelines>()));
        services.AddSingleton<IEventBus>(sp => new ResilientEventBus(AdapterOf<IEventBus>(sp), sp.GetRequiredService<BackendPipelines>()));
        services.AddSingleton<IChatClient>(sp => new ResilientChatClient(AdapterOf<IChatClient>(sp), sp.GetRequiredService<BackendPipelines>()));

        services.AddSingleton<IngestionPipeline>();
        services.AddSingleton<Namespaces.NamespaceCounts>();
        services.AddSingleton<RetryPolicy>();
        services.AddSingleton<EventPublisher>();
        services.AddSingleton<IngestionGate>();
        services.AddSingleton<IngestionService>();
        services.AddSingleton<EventDeletion>();

        // Metrics read the adapter itself: a scrape is not a backend call for breakers to count.
        services.AddSingleton(sp => ActivatorUtilities.CreateInstance<QueueDepth>(sp, AdapterOf<IEventStore>(sp)));
        services.AddHostedService<IngestionWorker>();
        // The host waits for the worker's grace and a little more (for Kestrel to drain and the stores to close)
        // before it gives up on its services.
        services.AddOptions<HostOptions>().Configure<IOptions<IngestionOptions>>((host, ingestion) =>
        {
            var needed = ingestion.Value.ShutdownGrace + IngestionOptions.ShutdownMargin;
            if (host.ShutdownTimeout < needed)
            {
                host.ShutdownTimeout = needed;
            }
        });
        services.AddSingleton<SkippedRecords>();
        services.AddSingleton<HybridSearchService>();
        services.AddSingleton<MemorySearch>();
        services.AddSingleton<VisibleGraph>();
        services.AddSingleton(sp => new AnswerService(
            sp.GetRequiredService<HybridSearchService>(),
            sp.GetRequiredService<IChatClient>(),
            sp.GetRequiredService<RagMemoryMetrics>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<AnswerService>>(),
            sp.GetKeyedService<IChatClient>(AnswerService.FallbackKey)));
        return builder;
    }

    private static T AdapterOf<T>(IServiceProvider services)
        where T : notnull => services.GetRequiredKeyedService<T>(Adapter);
}
