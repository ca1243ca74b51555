using RagMemory.RateLimiting;
using RagMemory.State.Embedded;

namespace RagMemory.Tests.Engines.Contracts;

/// <summary>The rate-limit settings contract against the embedded adapter, a table of the data folder's SQLite file.</summary>
public sealed class SqliteRateLimitSettingsStoreContractTests : RateLimitSettingsContract
{
    private readonly TempDataFolder _folder = new();

    /// <summary>A new database object over the same folder, as a restarted process would open it.</summary>
    protected override IRateLimitSettingsStore OpenStore() => new SqliteRateLimitSettingsStore(_folder.OpenDatabase());

    public override Task DisposeAsync()
    {
        _folder.Dispose();
        return Task.CompletedTask;
    }
}
