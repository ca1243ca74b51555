using Microsoft.Extensions.Hosting;

namespace RagMemory.Ingestion;

/// <summary>
/// Closed once the host begins to stop (SIGTERM, Ctrl+C): from then on a submission is refused with a 503, so that
/// nothing is accepted that the stopping process would only leave for the next one, and a client retries elsewhere.
/// </summary>
public sealed class IngestionGate(IHostApplicationLifetime lifetime)
{
    public bool IsClosed => lifetime.ApplicationStopping.IsCancellationRequested;
}
