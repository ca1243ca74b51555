using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace RagMemory.Graph.Neo4j;

/// <summary>
/// Creates the constraints and the index the graph relies on, at start: our ids and merge keys unique (so MERGE from
/// concurrent ingestion never makes a second copy), and an index on namespace and label for finds. Each is
/// <c>IF NOT EXISTS</c>, so every start runs them. A Neo4j that is not up yet does not stop the start: the statements are
/// tried again until they pass, while calls meanwhile fail or succeed on their own.
/// </summary>
public sealed partial class Neo4jSchema(QueryApiClient client, TimeProvider time, ILogger<Neo4jSchema> logger) : BackgroundService
{
    public static readonly IReadOnlyList<string> Statements =
    [
        "CREATE CONSTRAINT ragmemory_node_id IF NOT EXISTS FOR (n:RagMemoryNode) REQUIRE n.`rm.id` IS UNIQUE",
        "CREATE CONSTRAINT ragmemory_node_merge_key IF NOT EXISTS FOR (n:RagMemoryNode) REQUIRE n.`rm.key` IS UNIQUE",
        "CREATE INDEX ragmemory_node_namespace_label IF NOT EXISTS FOR (n:RagMemoryNode) ON (n.`rm.ns`, n.`rm.label`)",
    ];

    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(10);

    /// <summary>Runs every schema statement once; throws what the first failing one threw.</summary>
    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        foreach (var statement in Statements)
        {
            await client.RunAsync(statement, null, cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await EnsureAsync(stoppingToken).ConfigureAwait(false);
                LogReady(logger, client.Location);
                return;
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                LogNotReady(logger, client.Location, exception.Message, RetryDelay);
            }

            await Task.Delay(RetryDelay, time, stoppingToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 7501, Level = LogLevel.Information, Message = "Neo4j graph schema is in place at {Location}")]
    private static partial void LogReady(ILogger logger, string location);

    [LoggerMessage(EventId = 7502, Level = LogLevel.Warning, Message = "Neo4j graph schema could not be created at {Location} ({Reason}); trying again in {Delay}")]
    private static partial void LogNotReady(ILogger logger, string location, string reason, TimeSpan delay);
}
