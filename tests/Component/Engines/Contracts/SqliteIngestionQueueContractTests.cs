using Microsoft.Extensions.Options;
using RagMemory.Ingestion;
using RagMemory.Ingestion.Embedded;

namespace RagMemory.Tests.Engines.Contracts;

/// <summary>The ingestion queue contract against the embedded adapter: a durable SQLite table.</summary>
public sealed class SqliteIngestionQueueContractTests : IngestionQueueContract
{
    private readonly TempDataFolder _folder = new();

    /// <summary>A new database object and queue over the same folder, as a restarted process would open them.</summary>
    protected override IIngestionQueue OpenQueue(IngestionOptions options, TimeProvider time) =>
        new SqliteIngestionQueue(_folder.OpenDatabase(), Options.Create(options), time);

    public override Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }
}
