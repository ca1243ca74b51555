using RagMemory.Ingestion;
using RagMemory.Ingestion.Embedded;

namespace RagMemory.Tests.Engines.Contracts;

/// <summary>The event store contract against the embedded adapter: a durable SQLite table.</summary>
public sealed class SqliteEventStoreContractTests : EventStoreContract
{
    private readonly TempDataFolder _folder = new();

    /// <summary>A new database object and store over the same folder, as a restarted process would open them.</summary>
    protected override IEventStore OpenStore(TimeProvider time) => new SqliteEventStore(_folder.OpenDatabase(), time);

    public override Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }
}
