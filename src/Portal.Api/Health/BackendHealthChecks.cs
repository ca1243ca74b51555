using Microsoft.Extensions.AI;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RagMemory.Graph;
using RagMemory.Ingestion;
using RagMemory.Keywords;
using RagMemory.Namespaces;
using RagMemory.Vectors;

namespace RagMemory.Api.Health;

/// <summary>Readiness of each backend port, probed through the port itself so a scale-out adapter is probed the same way.</summary>
public static class BackendHealthChecks
{
    public static IHealthChecksBuilder AddBackendChecks(this IHealthChecksBuilder checks) => checks
        .AddCheck<EmbedderCheck>("embedder", tags: ["ready"])
        .AddCheck<VectorStoreCheck>("vector_store", tags: ["ready"])
        .AddCheck<KeywordIndexCheck>("keyword_index", tags: ["ready"])
        .AddCheck<GraphStoreCheck>("graph_store", tags: ["ready"])
        .AddCheck<IngestionQueueCheck>("ingestion_queue", tags: ["ready"]);

    private sealed class EmbedderCheck(IEmbeddingGenerator<string, Embedding<float>> embedder) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var embedding = await embedder.GenerateAsync(["readiness"], cancellationToken: cancellationToken);
            var metadata = embedder.GetService<EmbeddingGeneratorMetadata>();
            return HealthCheckResult.Healthy($"{metadata?.DefaultModelId}, {embedding[0].Vector.Length} dimensions");
        }
    }

    private sealed class VectorStoreCheck(IVectorStore vectors) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var info = await vectors.GetInfoAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{info.Engine}: {info.Size} vectors, index {info.IndexState}");
        }
    }

    private sealed class KeywordIndexCheck(IKeywordIndex keywords) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            await keywords.SearchAsync(MemoryNamespace.Default, "readiness", 1, cancellationToken: cancellationToken);
            return HealthCheckResult.Healthy("fts5");
        }
    }

    private sealed class GraphStoreCheck(IGraphStore graph) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            await graph.FindNodesAsync(MemoryNamespace.Default, GraphNames.EntityLabel, null, 1, cancellationToken);
            return HealthCheckResult.Healthy("sqlite");
        }
    }

    private sealed class IngestionQueueCheck(IEventStore store) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var counts = await store.GetCountsAsync(MemoryNamespace.Default, cancellationToken);
            return HealthCheckResult.Healthy($"{counts.Queued + counts.Failed} waiting, {counts.DeadLettered} dead letters");
        }
    }
}
