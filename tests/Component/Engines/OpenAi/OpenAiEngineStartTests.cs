using RagMemory.Namespaces;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RagMemory.Engines;
using RagMemory.Ingestion;
using RagMemory.Logging;
using RagMemory.Vectors;

namespace RagMemory.Tests.Engines.OpenAi;

/// <summary>
/// What the start refuses when the OpenAI engines are chosen: a section that is incomplete (the message names the key),
/// an unknown fallback, and a data folder whose vectors another embedder made.
/// </summary>
public sealed class OpenAiEngineStartTests : IAsyncLifetime
{
    private readonly TempDataFolder _folder = new();
    private OpenAiCompatibleTestDouble _server = default!;

    public async Task InitializeAsync() => _server = await OpenAiCompatibleTestDouble.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Choosing_OpenAi_answers_without_an_OpenAi_Chat_section_stops_the_start_naming_each_key()
    {
        using var host = Build(new() { ["Engines:Answers"] = "OpenAi" });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("OpenAi:Chat:BaseUrl is required", failure.Message, StringComparison.Ordinal);
        Assert.Contains("OpenAi:Chat:Model is required", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_chat_base_url_that_is_not_http_stops_the_start_naming_it()
    {
        using var host = Build(new() { ["Engines:Answers"] = "OpenAi", ["OpenAi:Chat:BaseUrl"] = "ftp://models/v1", ["OpenAi:Chat:Model"] = "m" });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("OpenAi:Chat:BaseUrl must be an absolute http or https address", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Choosing_OpenAi_embeddings_without_their_dimensions_stops_the_start_naming_the_key()
    {
        var settings = _server.Settings(embeddings: true);
        settings.Remove("OpenAi:Embeddings:Dimensions");
        using var host = Build(settings);

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("OpenAi:Embeddings:Dimensions is required", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_answer_fallback_stops_the_start_naming_the_key()
    {
        var failure = Assert.Throws<OptionsValidationException>(() => Build(new() { ["Answers:Fallback"] = "Oracle" }));

        Assert.Contains("Answers:Fallback is 'Oracle', which names no answerer; known: None, Extractive.", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_vector_length_is_the_configured_embedders()
    {
        using var host = Build(_server.Settings(embeddings: true));
        await host.StartAsync();

        Assert.Equal(_server.Dimensions, host.Services.GetRequiredService<IChunkStore>().Dimensions);
        Assert.Equal(_server.Dimensions, host.Services.GetRequiredService<IVectorStore>().Dimensions);
        await host.StopAsync();
    }

    [Fact]
    public async Task A_data_folder_whose_vectors_another_embedder_made_is_refused_at_start()
    {
        using (var first = Build(_server.Settings(embeddings: true)))
        {
            await first.StartAsync();
            await first.Services.GetRequiredService<IngestionPipeline>().ProcessAsync(MemoryNamespace.Default, AcceptedEvents.Of(new IngestEvent(RecordId.FromString("a"), "Ada Lovelace wrote the first program.", [])));
            await first.StopAsync();
        }

        var settings = _server.Settings(embeddings: true);
        settings["OpenAi:Embeddings:Model"] = "another-embedder";
        using var second = Build(settings);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => second.StartAsync());

        Assert.Contains($"holds vectors made by {OpenAiCompatibleTestDouble.EmbeddingModel} from openai (16 dimensions), but the configured embedder is another-embedder from openai (16 dimensions)", refused.Message, StringComparison.Ordinal);
        Assert.Contains("Storage:DataDirectory", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_data_folder_from_before_the_record_holds_MiniLM_vectors_and_is_refused_to_another_embedder()
    {
        var database = _folder.OpenDatabase();
        using (var connection = database.Open())
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO chunk_vectors(id_json, vector, payload) VALUES ('\"a#0\"', zeroblob(1536), '{}');";
            insert.ExecuteNonQuery();
        }

        using var host = Build(_server.Settings(embeddings: true));

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());

        Assert.Contains("holds vectors made by all-MiniLM-L6-v2 from onnxruntime (384 dimensions)", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_data_folder_without_chunks_takes_the_new_embedder()
    {
        using (var first = Build(new()))
        {
            await first.StartAsync();
            await first.StopAsync();
        }

        using var second = Build(_server.Settings(embeddings: true));
        await second.StartAsync();

        using var connection = _folder.OpenDatabase().Open();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT model FROM embedder;";
        Assert.Equal(OpenAiCompatibleTestDouble.EmbeddingModel, read.ExecuteScalar());
        await second.StopAsync();
    }

    private IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:DataDirectory"] = _folder.Path });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddRagMemoryLogging();
        builder.AddRagMemoryEngines();
        return builder.Build();
    }
}
