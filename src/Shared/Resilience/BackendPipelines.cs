using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RagMemory.Errors;
using RagMemory.Observability;

namespace RagMemory.Resilience;

/// <summary>The pipeline of every backend, built once from configuration; the admin routes and pages operate these.</summary>
public sealed class BackendPipelines
{
    private readonly Dictionary<string, BackendPipeline> _pipelines;

    public BackendPipelines(IOptions<ResilienceOptions> options, TimeProvider time, RagMemoryMetrics metrics, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger("RagMemory.Resilience");
        _pipelines = Backends.All.ToDictionary(name => name, name => new BackendPipeline(name, options.Value.For(name), time, metrics, logger), StringComparer.OrdinalIgnoreCase);
        foreach (var pipeline in _pipelines.Values)
        {
            pipeline.StateChanged += metrics.BreakerChanged;
        }
    }

    public BackendPipeline this[string backend] =>
        _pipelines.TryGetValue(backend, out var pipeline) ? pipeline : throw new NotFoundException($"No backend named '{backend}'. Known: {string.Join(", ", Backends.All)}.");

    public IReadOnlyList<BreakerStatus> Statuses() => Backends.All.Select(name => _pipelines[name].Status()).ToList();
}
