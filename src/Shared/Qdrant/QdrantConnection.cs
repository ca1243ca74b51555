using Grpc.Core;
using Grpc.Core.Interceptors;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Qdrant.Client;
using Qdrant.Client.Grpc;
using RagMemory.Resilience;

namespace RagMemory.Qdrant;

/// <summary>
/// One gRPC channel to Qdrant, shared by its adapters, with a client per backend whose deadline is that backend's
/// configured timeout (<c>Resilience:Backends:&lt;name&gt;:Timeout</c>), so Qdrant stops working on a call the pipeline
/// has given up on. Tests pass an <see cref="HttpMessageHandler"/> that answers as Qdrant would.
/// </summary>
public sealed class QdrantConnection : IDisposable
{
    private readonly GrpcChannel _channel;
    private readonly QdrantGrpcClient _grpc;
    private readonly ResilienceOptions _resilience;
    private readonly ILoggerFactory? _loggers;

    public QdrantConnection(IOptions<QdrantOptions> options, IOptions<ResilienceOptions> resilience, ILoggerFactory? loggers = null, HttpMessageHandler? handler = null)
    {
        Options = options.Value;
        _resilience = resilience.Value;
        _loggers = loggers;
        var endpoint = Options.Endpoint ?? throw new OptionsValidationException(QdrantOptions.SectionName, typeof(QdrantOptions), ["Qdrant:Endpoint is required."]);
        _channel = GrpcChannel.ForAddress(endpoint, new GrpcChannelOptions
        {
            HttpHandler = handler,
            LoggerFactory = loggers,

            // Left false: with it, a deadline Qdrant reports would also surface as a cancellation, and a 504 would read
            // as the caller's cancel. QdrantFailures tells the two apart by the caller's token.
            ThrowOperationCanceledOnCancellation = false,
        });
        var invoker = string.IsNullOrEmpty(Options.ApiKey)
            ? _channel.CreateCallInvoker()
            : _channel.Intercept(metadata =>
            {
                metadata.Add("api-key", Options.ApiKey);
                return metadata;
            });
        _grpc = new QdrantGrpcClient(invoker);
        Location = $"{endpoint.Scheme}://{endpoint.Host}:{endpoint.Port}";
    }

    public QdrantOptions Options { get; }

    /// <summary>The endpoint without credentials or path, for the Health page.</summary>
    public string Location { get; }

    /// <summary>A client whose every call has the deadline of <paramref name="backend"/>'s timeout.</summary>
    public QdrantClient ClientFor(string backend) => new(_grpc, _resilience.For(backend).Timeout, _loggers);

    public void Dispose() => _channel.Dispose();
}
