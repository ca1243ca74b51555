using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using RagMemory.Tests.Api;

namespace RagMemory.Tests.Upgrade;

/// <summary>
/// A data folder written by an earlier build opens with everything in it, migrated at start. The fixture is the SQL
/// dump (<c>sqlite3 ragmemory.db .dump</c>, plus its user_version) of a folder made by commit 3fe63bb through its API:
/// two ingested events (ids "lovelace" and 42), a client vector, two graph nodes and a relationship, an account
/// <c>reader1</c>, an API client, and the search limit set to 77. Its index file is left out: it is rebuilt from SQLite.
/// </summary>
public sealed class UpgradeTests : IAsyncLifetime
{
    private const string AdminPassword = "fixture-admin-password";
    private const string ApiClientId = "rmc_418c28d71a39cff9";

    // A throw-away credential of the fixture's own API client, made for this test; it opens nothing else.
    private const string ApiClientSecret = "rms_I5kczrYJJnJxGcQfnb18pJFlJQafIzusbC4NagsOQBw";

    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "ragmemory-tests", Guid.NewGuid().ToString("N"));
    private RagMemoryApiFactory _factory = default!;
    private HttpClient _admin = default!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_dataDirectory);
        var dump = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Upgrade", "data-folder-3fe63bb.sql"));
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_dataDirectory, "ragmemory.db")};Pooling=False"))
        {
            await connection.OpenAsync();
            await using var restore = connection.CreateCommand();
            restore.CommandText = dump;
            await restore.ExecuteNonQueryAsync();
        }

        _factory = RagMemoryApiFactory.OnDataDirectory(_dataDirectory);
        _admin = await _factory.CreateClientAsync("admin", AdminPassword);
    }

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task Ingested_events_keep_their_status_and_are_found_by_every_signal()
    {
        Assert.Equal("done", (await _admin.GetFromJsonAsync<JsonElement>("/ingest/lovelace")).GetProperty("status").GetString());
        Assert.Equal("done", (await _admin.GetFromJsonAsync<JsonElement>("/ingest/42")).GetProperty("status").GetString());

        var hits = await Results(await _admin.PostAsJsonAsync("/hybrid/search", new { query = "Who wrote the first program for the Analytical Engine?", limit = 2 }));
        Assert.Equal("lovelace", hits[0].GetProperty("event_id").GetString());
        Assert.Equal("computing", hits[0].GetProperty("metadata").GetProperty("topic").GetString());
        var scores = hits[0].GetProperty("scores");
        Assert.True(scores.GetProperty("keyword").GetDouble() > 0 && scores.GetProperty("vector").GetDouble() > 0);

        var answer = await (await _admin.PostAsJsonAsync("/hybrid/generate", new { query = "Who built the first compiler?" })).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("Grace Hopper", answer.GetProperty("answer").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Same_id_and_text_stays_idempotent_and_other_text_a_conflict()
    {
        var again = await _admin.PostAsJsonAsync("/ingest/", new { id = "lovelace", text = "Ada Lovelace wrote the first program for the Analytical Engine designed by Charles Babbage." });
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.True((await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("duplicate").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, (await _admin.PostAsJsonAsync("/ingest/", new { id = "lovelace", text = "Another text." })).StatusCode);
    }

    [Fact]
    public async Task Client_vectors_are_searched_with_their_payload()
    {
        var vector = Enumerable.Repeat(0.05f, 384).ToArray();
        var hits = await Results(await _admin.PostAsJsonAsync("/memory/search", new { query_vector = vector, limit = 1, filter = new { kind = "client" } }));

        Assert.Equal("client-1", hits[0].GetProperty("id").GetString());
        Assert.Equal(1, hits[0].GetProperty("payload").GetProperty("n").GetInt32());
        Assert.Equal("client", hits[0].GetProperty("source").GetString());
    }

    [Fact]
    public async Task Ingested_chunks_move_to_a_collection_of_their_own_and_the_clients_vector_stays()
    {
        var info = await (await _admin.PostAsync("/memory/collection/info", null)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(1, info.GetProperty("client_vectors").GetInt64());
        Assert.Equal(2, info.GetProperty("chunks").GetInt64());
        Assert.Equal(3, info.GetProperty("size").GetInt64());
    }

    [Fact]
    public async Task Graph_nodes_and_relationships_are_kept_with_ids_clients_already_hold()
    {
        var found = await (await _admin.PostAsJsonAsync("/graph/node/find", new { label = "Person", properties = new { name = "Alan Turing" } })).Content.ReadFromJsonAsync<JsonElement>();
        var turing = Assert.Single(found.GetProperty("nodes").EnumerateArray());
        Assert.Equal(1912, turing.GetProperty("properties").GetProperty("born").GetInt32());
        var id = turing.GetProperty("id").ToString();
        Assert.Equal("1", id);

        var neighbours = await _admin.GetFromJsonAsync<JsonElement>($"/graph/node/{id}/neighbors?depth=1");
        Assert.Contains(neighbours.GetProperty("nodes").EnumerateArray(), n => n.GetProperty("label").GetString() == "Machine");
        Assert.Contains(neighbours.GetProperty("relationships").EnumerateArray(), r => r.GetProperty("type").GetString() == "DESIGNED");
    }

    [Fact]
    public async Task Accounts_api_clients_and_limit_overrides_are_kept()
    {
        var reader = await _factory.CreateClientAsync("reader1", "reader-password-1");
        Assert.Equal(HttpStatusCode.OK, (await reader.PostAsJsonAsync("/hybrid/search", new { query = "compiler", limit = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _factory.CreateClient().PostAsJsonAsync("/auth/token", new { client_id = ApiClientId, client_secret = ApiClientSecret })).StatusCode);

        var limits = await _admin.GetFromJsonAsync<JsonElement>("/admin/rate-limits");
        var search = limits.GetProperty("policies").EnumerateArray().Single(p => p.GetProperty("name").GetString() == "search");
        Assert.Equal(77, search.GetProperty("permit_limit").GetInt32());
        var audit = await _admin.GetFromJsonAsync<JsonElement>("/admin/rate-limits/audit");
        Assert.Contains(audit.GetProperty("changes").EnumerateArray(), c => c.GetProperty("policy").GetString() == "search");
    }

    private static async Task<JsonElement> Results(HttpResponseMessage response)
    {
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("results");
    }
}
