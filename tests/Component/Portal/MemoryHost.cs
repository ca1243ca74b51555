using RagMemory.Namespaces;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RagMemory.Api.Health;
using RagMemory.Engines;
using RagMemory.Tests.Engines;
using RagMemory.Identity;
using RagMemory.Ingestion;
using RagMemory.Logging;
using RagMemory.RateLimiting;

namespace RagMemory.Tests.Portal;

/// <summary>
/// The real engines, registered by the app's own <see cref="EngineRegistration.AddRagMemoryEngines"/> on a temporary
/// data folder and started, so the ingestion worker runs as the hosted service it is in the portal. Logging (with the
/// log viewer's buffer), local accounts (with the bootstrap admin), rate limits and the readiness checks are the app's
/// own too. Only the embedder is swapped for the shared, already loaded one.
/// </summary>
public sealed class MemoryHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string _dataDirectory;

    private MemoryHost(IHost host, string dataDirectory)
    {
        _host = host;
        _dataDirectory = dataDirectory;
    }

    public static async Task<MemoryHost> StartAsync(
        IEmbeddingGenerator<string, Embedding<float>> embedder,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? overrides = null)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "ragmemory-portal-tests", Guid.NewGuid().ToString("N"));
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:DataDirectory"] = dataDirectory,
            ["Ingestion:PollInterval"] = "00:00:00.050",
            ["Ingestion:RetryBaseDelay"] = "00:00:00.050",
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.AddRagMemoryLogging();
        builder.AddRagMemoryEngines();
        builder.AddRagMemoryIdentity();
        builder.AddRagMemoryRateLimiting();
        builder.Services.AddHealthChecks().AddBackendChecks();

        // Registered as an instance, so the host leaves it for the fixture to dispose.
        builder.Services.AddSingleton(embedder);
        overrides?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync();
        return new MemoryHost(host, dataDirectory);
    }

    public T Get<T>()
        where T : notnull => _host.Services.GetRequiredService<T>();

    /// <summary>Puts a text into memory through the real ingestion pipeline, without waiting for the worker.</summary>
    public Task RememberAsync(string id, string text) =>
        Get<IngestionPipeline>().ProcessAsync(MemoryNamespace.Default, AcceptedEvents.Of(new IngestEvent(RecordId.FromString(id), text, [])));

    /// <summary>Submits a text to the real queue, as the API and the Ingest page do, and waits until the worker has processed it.</summary>
    public async Task IngestAsync(string id, string text, JsonObject? metadata = null, MemoryNamespace? ns = null)
    {
        await Get<IngestionService>().SubmitAsync(ns ?? MemoryNamespace.Default, RecordId.FromString(id), text, metadata);
        await WaitForStateAsync(id, IngestStates.Done, ns);
    }

    /// <summary>Waits, up to a minute, until the worker has brought an event to <paramref name="state"/>; an event that ends in the other final state fails at once.</summary>
    public async Task WaitForStateAsync(string id, string state, MemoryNamespace? ns = null)
    {
        var ingestion = Get<IngestionService>();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        string current;
        while ((current = (await ingestion.GetStatusAsync(ns ?? MemoryNamespace.Default, RecordId.FromString(id))).State) != state)
        {
            if (DateTime.UtcNow > deadline || current is IngestStates.Done or IngestStates.DeadLettered)
            {
                throw new TimeoutException($"Event {id} did not reach {state} within 60 s; it is {current}.");
            }

            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        if (_host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            _host.Dispose();
        }

        SqliteConnection.ClearAllPools();
        await FolderCleanup.DeleteAsync(_dataDirectory);
    }
}
