using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace RagMemory.RateLimiting;

public static class RateLimitingRegistration
{
    /// <summary>The tiered, live-tunable rate limits that API routes and portal actions both spend from.</summary>
    public static IHostApplicationBuilder AddRagMemoryRateLimiting(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RateLimitingOptions>().BindConfiguration(RateLimitingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<RateLimitRegistry>();
        builder.Services.AddHostedService<RateLimitOverridesRefresher>();
        builder.Services.AddSingleton<RateLimitHistory>();
        builder.Services.AddHostedService(services => services.GetRequiredService<RateLimitHistory>());
        return builder;
    }
}
