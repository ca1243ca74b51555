using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using RagMemory.Engines;
using RagMemory.Ingestion;

namespace RagMemory.Observability;

public static class MetricsRegistration
{
    /// <summary>OpenTelemetry metrics (requests, rate limits, breakers, backend calls, queue depth) in Prometheus text at <c>/metrics</c>.</summary>
    public static IHostApplicationBuilder AddRagMemoryMetrics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(RagMemoryMetrics.MeterName)
            .AddAspNetCoreInstrumentation()
            .AddPrometheusExporter());
        return builder;
    }

    public static WebApplication MapRagMemoryMetrics(this WebApplication app)
    {
        // Gauges are read synchronously at scrape time; the embedded queue answers synchronously, so nothing blocks.
        var queue = app.Services.GetRequiredKeyedService<IIngestionQueue>(EngineRegistration.Adapter);
        app.Services.GetRequiredService<RagMemoryMetrics>().ObserveQueue(() => queue.GetCountsAsync().GetAwaiter().GetResult());
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
