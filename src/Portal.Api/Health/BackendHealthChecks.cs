using System.Globalization;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using RagMemory.Engines;
using RagMemory.Graph;
using RagMemory.Identity;
using RagMemory.Ingestion;
using RagMemory.Keywords;
using RagMemory.Resilience;
using RagMemory.Vectors;

namespace RagMemory.Api.Health;

/// <summary>
/// Readiness of each backend, asked through its port (and its breaker), so every engine is probed the same way: each
/// adapter describes its engine. The public description names the engine and what it holds; the version and location
/// travel in the entry's data (key <see cref="EnginesKey"/>), which only the admin's Health page shows.
/// </summary>
public static class BackendHealthChecks
{
    public const string EnginesKey = "engines";

    /// <summary>The accounts, clients, limits and keys of this installation; not one of the breaker backends.</summary>
    public const string State = "state";

    public static IHealthChecksBuilder AddBackendChecks(this IHealthChecksBuilder checks) => checks
        .AddCheck<EmbedderCheck>(Backends.Embedder, tags: ["ready"])
        .AddCheck<VectorStoreCheck>(Backends.VectorStore, tags: ["ready"])
        .AddCheck<KeywordIndexCheck>(Backends.KeywordIndex, tags: ["ready"])
        .AddCheck<GraphStoreCheck>(Backends.GraphStore, tags: ["ready"])
        .AddCheck<IngestionQueueCheck>(Backends.IngestionQueue, tags: ["ready"])
        .AddCheck<StateCheck>(State, tags: ["ready"]);

    /// <summary>Healthy with every engine's description once each has answered; a failure propagates and the check is unhealthy.</summary>
    private static async Task<HealthCheckResult> DescribeAsync(CancellationToken cancellationToken, params IDescribesEngine[] engines)
    {
        var descriptions = new List<EngineDescription>(engines.Length);
        foreach (var engine in engines)
        {
            descriptions.Add(await engine.DescribeAsync(cancellationToken));
        }

        var text = string.Join("; ", descriptions.Select(d =>
            $"{d.Engine}: {string.Join(", ", d.Sizes.Where(s => s.Unit == EngineSize.Records).Select(s => $"{s.Amount.ToString("N0", CultureInfo.InvariantCulture)} {s.What}"))}"));
        return HealthCheckResult.Healthy(text, new Dictionary<string, object> { [EnginesKey] = descriptions });
    }

    private sealed class EmbedderCheck(IEmbeddingGenerator<string, Embedding<float>> embedder) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var embedding = await embedder.GenerateAsync(["readiness"], cancellationToken: cancellationToken);
            var metadata = embedder.GetService<EmbeddingGeneratorMetadata>();
            var model = new EngineDescription(
                $"{metadata?.DefaultModelId} ({metadata?.ProviderName})",
                metadata?.DefaultModelId,
                metadata?.ProviderUri?.GetLeftPart(UriPartial.Path),
                [new EngineSize("dimensions", embedding[0].Vector.Length, EngineSize.Other)]);
            return HealthCheckResult.Healthy($"{metadata?.DefaultModelId}, {embedding[0].Vector.Length} dimensions", new Dictionary<string, object> { [EnginesKey] = new[] { model } });
        }
    }

    private sealed class VectorStoreCheck(IVectorStore vectors, IChunkStore chunks) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            DescribeAsync(cancellationToken, chunks, vectors);
    }

    private sealed class KeywordIndexCheck(IKeywordIndex keywords) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            DescribeAsync(cancellationToken, keywords);
    }

    private sealed class GraphStoreCheck(IGraphStore graph) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            DescribeAsync(cancellationToken, graph);
    }

    private sealed class IngestionQueueCheck(IEventStore store, IEventBus bus) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            DescribeAsync(cancellationToken, store, bus);
    }

    private sealed class StateCheck(IAccountRepository accounts) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            DescribeAsync(cancellationToken, accounts);
    }
}
