using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RagMemory.Storage;
using Serilog;
using Serilog.Formatting.Compact;

namespace RagMemory.Logging;

public static class LoggingRegistration
{
    /// <summary>
    /// Serilog, configured from the <c>Serilog</c> section, writing to the console (compact JSON when output is not a
    /// terminal), a rolling file in the data folder, the in-memory buffer behind the log viewer, and Seq when
    /// <c>Seq:ServerUrl</c> is set.
    /// </summary>
    public static IHostApplicationBuilder AddRagMemoryLogging(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LogRingBuffer>();
        var seqUrl = builder.Configuration["Seq:ServerUrl"];
        var seqApiKey = builder.Configuration["Seq:ApiKey"];
        builder.Services.AddSerilog(
            (services, logger) =>
            {
                var dataDirectory = Path.GetFullPath(services.GetRequiredService<IOptions<StorageOptions>>().Value.DataDirectory);

                // The log folder (and the data folder, when logging makes it first) is 700 before any log file is in it.
                PrivateFiles.CreateDirectory(Path.Combine(dataDirectory, "logs"));
                logger.ReadFrom.Configuration(builder.Configuration)
                    .Enrich.FromLogContext()
                    .WriteTo.Sink(services.GetRequiredService<LogRingBuffer>())
                    .WriteTo.File(new CompactJsonFormatter(), Path.Combine(dataDirectory, "logs", "ragmemory-.clef"), rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14, hooks: new PrivateLogFiles());
                if (Console.IsOutputRedirected)
                {
                    logger.WriteTo.Console(new CompactJsonFormatter());
                }
                else
                {
                    logger.WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj} {CorrelationId}{NewLine}{Exception}");
                }

                if (!string.IsNullOrWhiteSpace(seqUrl))
                {
                    logger.WriteTo.Seq(seqUrl, apiKey: seqApiKey, period: TimeSpan.FromMilliseconds(500));
                }
            },
            preserveStaticLogger: true);
        return builder;
    }
}
