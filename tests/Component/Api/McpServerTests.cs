using System.Net;
using System.Text;
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using RagMemory.Identity;

namespace RagMemory.Tests.Api;

/// <summary>The MCP server at <c>/mcp</c>, driven by the official SDK's client over the test server's HttpClient.</summary>
public sealed class McpServerTests(RagMemoryApiFactory factory) : IClassFixture<RagMemoryApiFactory>
{
    [Fact]
    public async Task The_server_lists_the_eight_memory_tools()
    {
        await using var client = await ConnectAsync(await factory.CreateClientAsync());

        var tools = await client.ListToolsAsync();

        Assert.Equal(
            ["ask", "forget", "get_memory", "ingestion_status", "list_memories", "recall", "remember", "update_memory"],
            tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        Assert.All(tools, t => Assert.False(string.IsNullOrWhiteSpace(t.Description)));
    }

    [Fact]
    public async Task Every_tool_works_from_remember_to_forget()
    {
        await using var client = await ConnectAsync(await factory.CreateClientAsync());

        var remembered = await CallAsync(client, "remember", new() { ["id"] = "mcp-hopper", ["text"] = "Grace Hopper wrote the Qwertycompiler for the Univac.", ["metadata"] = new Dictionary<string, object?> { ["via"] = "mcp" } });
        Assert.Equal("mcp-hopper", remembered.GetProperty("id").GetString());
        await WaitForDoneAsync(client, "mcp-hopper");

        var recalled = await CallAsync(client, "recall", new() { ["query"] = "Qwertycompiler Grace Hopper", ["limit"] = 3 });
        Assert.Equal("mcp-hopper", recalled.GetProperty("results")[0].GetProperty("event_id").GetString());

        var answered = await CallAsync(client, "ask", new() { ["query"] = "Who wrote the Qwertycompiler?" });
        Assert.Contains("Hopper", answered.GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.Equal("mcp-hopper", answered.GetProperty("citations")[0].GetProperty("event_id").GetString());

        var memory = await CallAsync(client, "get_memory", new() { ["id"] = "mcp-hopper" });
        Assert.Equal("Grace Hopper wrote the Qwertycompiler for the Univac.", memory.GetProperty("text").GetString());
        Assert.Equal("mcp", memory.GetProperty("metadata").GetProperty("via").GetString());

        var listed = await CallAsync(client, "list_memories", new() { ["metadata"] = "{\"via\":\"mcp\"}", ["limit"] = 5 });
        Assert.Equal("mcp-hopper", Assert.Single(listed.GetProperty("events").EnumerateArray()).GetProperty("id").GetString());

        var updated = await CallAsync(client, "update_memory", new() { ["id"] = "mcp-hopper", ["text"] = "Grace Hopper wrote the Qwertycompiler and taught COBOL.", ["metadata"] = new Dictionary<string, object?> { ["via"] = "mcp" } });
        Assert.Equal(2, updated.GetProperty("replacement").GetProperty("version").GetInt32());
        for (var tries = 0; (await CallAsync(client, "ingestion_status", new() { ["id"] = "mcp-hopper" })).GetProperty("version").GetInt32() != 2; tries++)
        {
            Assert.True(tries < 600, "the replacement was not done within 60 s");
            await Task.Delay(100);
        }

        Assert.Equal("Grace Hopper wrote the Qwertycompiler and taught COBOL.", (await CallAsync(client, "get_memory", new() { ["id"] = "mcp-hopper" })).GetProperty("text").GetString());
        var recalledUpdated = await CallAsync(client, "recall", new() { ["query"] = "Qwertycompiler Grace Hopper", ["limit"] = 3 });
        Assert.Equal("Grace Hopper wrote the Qwertycompiler and taught COBOL.", recalledUpdated.GetProperty("results")[0].GetProperty("text").GetString());

        var forgotten = await CallAsync(client, "forget", new() { ["id"] = "mcp-hopper" });
        Assert.True(forgotten.GetProperty("deleted").GetBoolean());

        var gone = await client.CallToolAsync("ingestion_status", new Dictionary<string, object?> { ["id"] = "mcp-hopper" });
        Assert.True(gone.IsError);
        Assert.Contains("404 · No ingestion event with id mcp-hopper", TextOf(gone), StringComparison.Ordinal);
        var recalledAfter = await CallAsync(client, "recall", new() { ["query"] = "Qwertycompiler Grace Hopper", ["limit"] = 3 });
        Assert.DoesNotContain(recalledAfter.GetProperty("results").EnumerateArray(), r => r.GetProperty("event_id").GetString() == "mcp-hopper");
    }

    [Fact]
    public async Task A_reader_may_recall_but_is_refused_forget_and_remember()
    {
        var admin = await factory.CreateClientAsync();
        await using (var writer = await ConnectAsync(admin))
        {
            await CallAsync(writer, "remember", new() { ["id"] = "mcp-kept", ["text"] = "Readers cannot delete this." });
        }

        await using var reader = await ConnectAsync(await factory.CreateClientWithRolesAsync(Roles.Reader));

        var forget = await reader.CallToolAsync("forget", new Dictionary<string, object?> { ["id"] = "mcp-kept" });
        var remember = await reader.CallToolAsync("remember", new Dictionary<string, object?> { ["id"] = "mcp-new", ["text"] = "text" });
        var update = await reader.CallToolAsync("update_memory", new Dictionary<string, object?> { ["id"] = "mcp-kept", ["text"] = "changed" });
        var status = await reader.CallToolAsync("ingestion_status", new Dictionary<string, object?> { ["id"] = "mcp-kept" });

        Assert.True(forget.IsError);
        Assert.Contains("403 · The 'forget' tool needs the memory:write permission", TextOf(forget), StringComparison.Ordinal);
        Assert.True(remember.IsError);
        Assert.Contains("403 · The 'update_memory' tool needs the memory:write permission", TextOf(update), StringComparison.Ordinal);
        Assert.NotEqual(true, status.IsError);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/ingest/mcp-kept")).StatusCode);
    }

    [Fact]
    public async Task Bad_input_is_a_tool_error_with_the_problem_message()
    {
        await using var client = await ConnectAsync(await factory.CreateClientAsync());

        var badState = await client.CallToolAsync("list_memories", new Dictionary<string, object?> { ["state"] = "finished" });
        var emptyQuery = await client.CallToolAsync("recall", new Dictionary<string, object?> { ["query"] = "" });

        Assert.True(badState.IsError);
        Assert.Contains("400 · 'state' must be one of", TextOf(badState), StringComparison.Ordinal);
        Assert.True(emptyQuery.IsError);
        Assert.Contains(": 400 ·", TextOf(emptyQuery), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_token_the_endpoint_answers_401_and_the_client_cannot_connect()
    {
        var anonymous = factory.CreateClient();

        using var content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", Encoding.UTF8, "application/json");
        var raw = await anonymous.PostAsync("/mcp", content);

        Assert.Equal(HttpStatusCode.Unauthorized, raw.StatusCode);
        await Assert.ThrowsAnyAsync<Exception>(async () => await ConnectAsync(anonymous));
    }

    private static async Task<McpClient> ConnectAsync(HttpClient http)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions { Endpoint = new Uri(http.BaseAddress!, "/mcp"), TransportMode = HttpTransportMode.StreamableHttp }, http, null, false);
        return await McpClient.CreateAsync(transport);
    }

    private static async Task<JsonElement> CallAsync(McpClient client, string tool, Dictionary<string, object?> arguments)
    {
        var result = await client.CallToolAsync(tool, arguments);
        Assert.True(result.IsError != true, $"{tool} failed: {TextOf(result)}");
        return JsonDocument.Parse(TextOf(result)).RootElement.Clone();
    }

    private static string TextOf(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(t => t.Text));

    private static async Task WaitForDoneAsync(McpClient client, string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if ((await CallAsync(client, "ingestion_status", new() { ["id"] = id })).GetProperty("status").GetString() == "done")
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{id} was not done within 60 s");
    }
}
