using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RagMemory.Qdrant;

/// <summary>
/// Prepares every Qdrant collection in use when the host starts. A collection that contradicts the settings stops the
/// start (with the message naming the setting); an unreachable Qdrant does not, since each collection is prepared
/// again on its first call and the breakers answer for a Qdrant that stays away.
/// </summary>
public sealed partial class QdrantCollectionsStartup(IEnumerable<QdrantCollection> collections, ILogger<QdrantCollectionsStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var collection in collections)
        {
            try
            {
                await collection.EnsureAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not (OptionsValidationException or OperationCanceledException))
            {
                LogNotReady(logger, collection.Name, collection.Location, exception);
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 9401, Level = LogLevel.Warning, Message = "Qdrant collection {Collection} at {Location} could not be prepared at start; it will be prepared on its first call")]
    private static partial void LogNotReady(ILogger logger, string collection, string location, Exception exception);
}
