using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RagMemory.Engines;

namespace RagMemory.Ingestion.Kafka;

public static class KafkaIngestionRegistration
{
    /// <summary>
    /// The event bus on Kafka (<c>Engines:Ingestion=Kafka</c>, settings in <c>Kafka</c>, validated at start). The event
    /// store stays with the state engine, so statuses, idempotency and dead-letter listings are the same on every bus.
    /// </summary>
    public static IHostApplicationBuilder AddKafkaIngestion(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<KafkaOptions>().BindConfiguration(KafkaOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<KafkaEventBus>();
        builder.Services.AddKeyedSingleton<IEventBus>(EngineRegistration.Adapter, (sp, _) => sp.GetRequiredService<KafkaEventBus>());
        builder.Services.AddSingleton<IReportsBacklog>(sp => sp.GetRequiredService<KafkaEventBus>());
        return builder;
    }
}
