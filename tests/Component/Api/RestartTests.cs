using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.Json;
using Microsoft.Extensions.Options;
using RagMemory.Ingestion;
using RagMemory.Ingestion.Embedded;
using RagMemory.Namespaces;
using RagMemory.Storage;

namespace RagMemory.Tests.Api;

public sealed class RestartTests
{
    [Fact]
    public async Task Events_left_queued_processing_or_unpublished_by_a_stopped_process_are_resumed_at_start()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "ragmemory-tests", Guid.NewGuid().ToString("N"));
        var storage = Options.Create(new StorageOptions { DataDirectory = dataDirectory });
        var database = new SqliteDatabase(storage);
        var store = new SqliteEventStore(database, TimeProvider.System);
        var bus = new SqliteEventBus(database, TimeProvider.System);
        var publisher = new EventPublisher(store, bus);
        var processing = new IngestEvent(RecordId.FromString("left-processing"), "Niels Bohr described the structure of the atom.", []);
        await store.AcceptAsync(MemoryNamespace.Default, processing);
        await publisher.PublishAsync(new EventEnvelope(MemoryNamespace.Default, processing));
        Assert.Single(await bus.ReceiveAsync(1)); // The "previous process" took it and died before acknowledging it.
        await store.StartAttemptsAsync(MemoryNamespace.Default, [processing.Id]);
        var queued = new IngestEvent(RecordId.FromString("left-queued"), "Marie Curie studied radioactivity in Paris.", []);
        await store.AcceptAsync(MemoryNamespace.Default, queued);
        await publisher.PublishAsync(new EventEnvelope(MemoryNamespace.Default, queued));
        var unpublished = new IngestEvent(RecordId.FromString("left-unpublished"), "Lise Meitner explained nuclear fission.", []);
        await store.AcceptAsync(MemoryNamespace.Default, unpublished); // Accepted, then the process died before publishing it.
        Assert.Equal("processing", (await store.GetStatusAsync(MemoryNamespace.Default, processing.Id))!.State);

        await using var factory = RagMemoryApiFactory.OnDataDirectory(dataDirectory);
        var client = await factory.CreateClientAsync();

        await Eventually.DoneAsync(client, "left-queued");
        await Eventually.DoneAsync(client, "left-processing");
        await Eventually.DoneAsync(client, "left-unpublished");
        var search = await client.PostAsJsonAsync("/hybrid/search", new { query = "structure of the atom", limit = 1 });
        Assert.Equal("left-processing", (await search.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results")[0].GetProperty("event_id").GetString());
    }

    [Fact]
    public async Task After_a_clean_restart_the_saved_index_is_loaded_and_memory_is_still_found()
    {
        await using var first = new RagMemoryApiFactory();
        var client = await first.CreateClientAsync();
        await client.PostAsJsonAsync("/ingest/", new { id = "kept", text = "Rosalind Franklin photographed DNA with X-ray diffraction." });
        await Eventually.DoneAsync(client, "kept");
        await first.DisposeAsync();

        await using var second = first.Restart();
        var after = await second.CreateClientAsync();
        var info = await (await after.PostAsync("/memory/collection/info", null)).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("loaded", info!["chunks_index_state"]!.GetValue<string>());
        var search = await after.PostAsJsonAsync("/hybrid/search", new { query = "X-ray photograph of DNA", limit = 1 });
        Assert.Equal("kept", (await search.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results")[0].GetProperty("event_id").GetString());
    }
}
