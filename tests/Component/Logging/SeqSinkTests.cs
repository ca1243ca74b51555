using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using RagMemory.Tests.Api;

namespace RagMemory.Tests.Logging;

/// <summary>
/// No Seq server can run here, so a local HTTP listener stands in for Seq's ingestion endpoint and receives the CLEF
/// events the real Serilog Seq sink posts.
/// </summary>
public sealed class SeqSinkTests : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<string> _bodies = new();
    private readonly Task _receiving;

    public SeqSinkTests()
    {
        var port = FreePort();
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        ServerUrl = $"http://127.0.0.1:{port}";
        _receiving = Task.Run(ReceiveAsync);
    }

    private string ServerUrl { get; }

    [Fact]
    public async Task Events_reach_seq_as_clef_with_their_correlation_id_and_properties()
    {
        await using var factory = new RagMemoryApiFactory();
        factory.Settings["Seq:ServerUrl"] = ServerUrl;
        var client = await factory.CreateClientAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graph/node/find") { Content = JsonContent.Create(new { label = "Thing" }) };
        request.Headers.Add("X-Correlation-ID", "corr-seq-00000001");
        await client.SendAsync(request);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonElement? found = null;
        while (found is null && DateTime.UtcNow < deadline)
        {
            found = _bodies.SelectMany(b => b.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                .Where(line => line.StartsWith('{'))
                .Select(line => (JsonElement?)JsonDocument.Parse(line).RootElement)
                .FirstOrDefault(e => e!.Value.TryGetProperty("CorrelationId", out var id) && id.GetString() == "corr-seq-00000001"
                    && e.Value.TryGetProperty("Handler", out var handler) && handler.GetString() == "Graph.FindNodes");
            await Task.Delay(100);
        }

        Assert.NotNull(found);
        Assert.True(found.Value.TryGetProperty("@t", out _), "CLEF events carry @t");
        Assert.True(found.Value.TryGetProperty("@mt", out _), "CLEF events carry @mt");
        Assert.Equal("admin", found.Value.GetProperty("User").GetString());
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _receiving;
    }

    private async Task ReceiveAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            using (var reader = new StreamReader(context.Request.InputStream))
            {
                _bodies.Enqueue(await reader.ReadToEndAsync());
            }

            context.Response.StatusCode = 201;
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
