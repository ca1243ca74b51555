using Microsoft.Extensions.Options;
using RagMemory.Graph.Neo4j;

namespace RagMemory.Tests.Engines.Neo4j;

/// <summary>The Neo4j adapter wired to a <see cref="Neo4jQueryApiTestDouble"/> instead of a server.</summary>
public sealed class Neo4jWire : IDisposable
{
    private readonly HttpClient _http;

    public Neo4jWire(Neo4jOptions? options = null)
    {
        Options = options ?? new Neo4jOptions { Url = "http://neo4j.test:7474", Database = "graphs", User = "neo4j", Password = "s3cret" };
        _http = new HttpClient(Server);
        Client = new QueryApiClient(_http, Microsoft.Extensions.Options.Options.Create(Options));
        Store = new Neo4jGraphStore(Client);
    }

    public Neo4jQueryApiTestDouble Server { get; } = new();

    public Neo4jOptions Options { get; }

    public QueryApiClient Client { get; }

    public Neo4jGraphStore Store { get; }

    public void Dispose()
    {
        _http.Dispose();
        Server.Dispose();
    }
}
