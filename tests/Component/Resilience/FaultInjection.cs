using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using RagMemory.Answers;
using RagMemory.Answers.Extractive;
using RagMemory.Embeddings;
using RagMemory.Embeddings.MiniLm;
using RagMemory.Engines;
using RagMemory.Graph;
using RagMemory.Graph.Embedded;
using RagMemory.Ingestion;
using RagMemory.Ingestion.Embedded;
using RagMemory.Keywords;
using RagMemory.Keywords.Embedded;
using RagMemory.Resilience;
using RagMemory.Tests.Api;
using RagMemory.Vectors;
using RagMemory.Vectors.Embedded;

namespace RagMemory.Tests.Resilience;

/// <summary>Puts a <see cref="TestFaultInjector{T}"/> over one backend's real adapter in a test host, with fast breaker settings.</summary>
public static class FaultInjection
{
    public static FaultSwitch Inject(this RagMemoryApiFactory factory, string backend, TimeSpan timeout)
    {
        var faults = new FaultSwitch();
        factory.Settings[$"Resilience:Backends:{backend}:Timeout"] = timeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture);
        factory.Settings[$"Resilience:Backends:{backend}:MinimumThroughput"] = "3";
        factory.Settings[$"Resilience:Backends:{backend}:FailureRatio"] = "0.5";
        factory.Settings[$"Resilience:Backends:{backend}:BreakDuration"] = "00:00:01";
        factory.Settings[$"Resilience:Backends:{backend}:RetryBaseDelay"] = "00:00:00.010";
        factory.ServiceOverrides.Add(services => Register(services, backend, faults));
        return faults;
    }

    private static void Register(IServiceCollection services, string backend, FaultSwitch faults)
    {
        const string key = EngineRegistration.Adapter;
        switch (backend)
        {
            case Backends.Embedder:
                services.AddKeyedSingleton(key, (sp, _) => TestFaultInjector<IEmbeddingGenerator<string, Embedding<float>>>.Wrap(sp.GetRequiredService<MiniLmEmbeddingGenerator>(), faults));
                break;
            case Backends.VectorStore:
                // One engine keeps the clients' vectors and the chunks: both fail together.
                services.AddKeyedSingleton(key, (sp, _) => TestFaultInjector<IVectorStore>.Wrap(sp.GetRequiredService<HnswSqliteVectorStore>(), faults));
                services.AddKeyedSingleton(key, (sp, _) => TestFaultInjector<IChunkStore>.Wrap(sp.GetRequiredService<HnswSqliteChunkStore>(), faults));
                break;
            case Backends.KeywordIndex:
                services.AddKeyedSingleton(key, (sp, _) => TestFaultInjector<IKeywordIndex>.Wrap(ActivatorUtilities.CreateInstance<Fts5KeywordIndex>(sp), faults));
                break;
            case Backends.GraphStore:
                services.AddKeyedSingleton(key, (sp, _) => TestFaultInjector<IGraphStore>.Wrap(ActivatorUtilities.CreateInstance<SqliteGraphStore>(sp), faults));
                break;
            case Backends.IngestionQueue:
                services.AddKeyedSingleton(key, (sp, _) => TestFaultInjector<IEventStore>.Wrap(ActivatorUtilities.CreateInstance<SqliteEventStore>(sp), faults));
                break;
            case Backends.EventBus:
                services.AddKeyedSingleton(key, (sp, _) => TestFaultInjector<IEventBus>.Wrap(ActivatorUtilities.CreateInstance<SqliteEventBus>(sp), faults));
                break;
            case Backends.AnswerGenerator:
                services.AddKeyedSingleton(key, (sp, _) => TestFaultInjector<IChatClient>.Wrap(ActivatorUtilities.CreateInstance<ExtractiveChatClient>(sp, sp.GetRequiredService<IEmbeddingGenerator<string, Embedding<float>>>()), faults));
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(backend), backend, "No such backend.");
        }
    }
}
