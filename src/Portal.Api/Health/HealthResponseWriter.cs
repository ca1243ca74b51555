using System.Text.Json;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RagMemory.Api.Health;

/// <summary>Writes <c>{status, backends:{name:{status, description}}}</c> so operators see which backend is not ready.</summary>
public static class HealthResponseWriter
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            Status = report.Status.ToString().ToLowerInvariant(),
            Backends = report.Entries.ToDictionary(
                e => e.Key,
                e => new { Status = e.Value.Status.ToString().ToLowerInvariant(), e.Value.Description, ElapsedMs = (long)e.Value.Duration.TotalMilliseconds }),
        };
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, Json));
    }
}
