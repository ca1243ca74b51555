using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RagMemory.Graph;
using RagMemory.Graph.Neo4j;
using RagMemory.Tests.Engines.Contracts;

namespace RagMemory.Tests.Engines.Neo4j;

/// <summary>
/// The graph store contract against a real Neo4j 5.19 or later, named by <c>RAGMEMORY_TEST_NEO4J</c> (the HTTP address with
/// credentials, e.g. <c>http://neo4j:password@localhost:7474</c>, optionally <c>/database</c>); every case is SKIPPED,
/// saying so, when it is not set (e.g. <c>http://neo4j:password@localhost:7474</c>). Each case starts from a graph with none of our nodes in it.
/// </summary>
[RequiresServer(Variable)]
public sealed class Neo4jGraphStoreContractTests : GraphStoreContract, IDisposable
{
    public const string Variable = "RAGMEMORY_TEST_NEO4J";

    private HttpClient? _http;
    private QueryApiClient? _client;

    protected override async Task<IGraphStore> CreateGraphAsync()
    {
        // Set, or this class's cases are reported skipped before they start ([RequiresServer]).
        var address = Environment.GetEnvironmentVariable(Variable);
        _http = new HttpClient();
        _client = new QueryApiClient(_http, Options.Create(OptionsFrom(new Uri(address!))));
        await new Neo4jSchema(_client, TimeProvider.System, NullLogger<Neo4jSchema>.Instance).EnsureAsync(CancellationToken.None);
        await DeleteOurNodesAsync();
        return new Neo4jGraphStore(_client);
    }

    protected override Task DeleteGraphAsync(IGraphStore graph) => DeleteOurNodesAsync();

    public void Dispose() => _http?.Dispose();

    private Task DeleteOurNodesAsync() => _client!.RunAsync("MATCH (n:RagMemoryNode) DETACH DELETE n", null, CancellationToken.None);

    private static Neo4jOptions OptionsFrom(Uri address)
    {
        var credentials = address.UserInfo.Split(':', 2);
        var database = address.AbsolutePath.Trim('/');
        return new Neo4jOptions
        {
            Url = address.GetLeftPart(UriPartial.Authority).Replace(address.UserInfo + "@", "", StringComparison.Ordinal),
            Database = database.Length > 0 ? database : "neo4j",
            User = Uri.UnescapeDataString(credentials[0]),
            Password = credentials.Length > 1 ? Uri.UnescapeDataString(credentials[1]) : "",
        };
    }
}
