using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
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
        // Gauges are read synchronously at scrape time, so the queue depth is the store's last reading, refreshed in the
        // background; the first reading starts now so that the first scrape has one.
        var depth = app.Services.GetRequiredService<QueueDepth>();
        depth.Latest();
        app.Services.GetRequiredService<RagMemoryMetrics>().ObserveQueue(depth.Latest);
        app.MapPrometheusScrapingEndpoint("/metrics");
        return app;
    }
}
