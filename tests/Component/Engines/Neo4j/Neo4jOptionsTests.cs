using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RagMemory.Engines;
using RagMemory.Graph;
using RagMemory.Graph.Neo4j;

namespace RagMemory.Tests.Engines.Neo4j;

/// <summary>The <c>Neo4j</c> section is checked at start, each message naming its key; <c>Engines:Graph=Neo4j</c> wires the adapter.</summary>
public sealed class Neo4jOptionsTests
{
    private readonly Neo4jOptionsValidation _validation = new();

    [Fact]
    public void User_and_password_on_an_http_address_pass()
    {
        Assert.True(_validation.Validate(null, new Neo4jOptions { User = "neo4j", Password = "pw" }).Succeeded);
        Assert.True(_validation.Validate(null, new Neo4jOptions { Url = "https://graph.example.org:7473", Database = "memory-2", BearerToken = "t" }).Succeeded);
    }

    [Theory]
    [InlineData("bolt://localhost:7687", "Neo4j:Url must be an absolute http or https address")]
    [InlineData("localhost:7474", "Neo4j:Url must be an absolute http or https address")]
    [InlineData("http://neo4j:pw@localhost:7474", "Neo4j:Url must not carry credentials")]
    public void A_url_that_is_not_plain_http_is_refused_naming_Url(string url, string message)
    {
        var failure = Assert.Single(Failures(new Neo4jOptions { Url = url, User = "neo4j", Password = "pw" }));

        Assert.StartsWith(message, failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("ab")]
    [InlineData("1graph")]
    [InlineData("graph/../system")]
    public void A_database_name_Neo4j_would_not_take_is_refused_naming_Database(string database)
    {
        var failure = Assert.Single(Failures(new Neo4jOptions { Database = database, User = "neo4j", Password = "pw" }));

        Assert.StartsWith("Neo4j:Database must be a Neo4j database name", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void No_way_of_signing_in_is_refused()
    {
        Assert.Equal(["Neo4j:User and Neo4j:Password, or Neo4j:BearerToken, must be set."], Failures(new Neo4jOptions()));
    }

    [Fact]
    public void Both_ways_of_signing_in_are_refused()
    {
        var failure = Assert.Single(Failures(new Neo4jOptions { User = "neo4j", Password = "pw", BearerToken = "t" }));

        Assert.StartsWith("Neo4j:BearerToken and Neo4j:User/Neo4j:Password are exclusive", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void A_user_without_a_password_is_refused()
    {
        Assert.Equal(["Neo4j:User and Neo4j:Password must be set together."], Failures(new Neo4jOptions { User = "neo4j" }));
    }

    [Fact]
    public void A_request_timeout_of_zero_is_refused()
    {
        var failure = Assert.Single(Failures(new Neo4jOptions { User = "neo4j", Password = "pw", RequestTimeout = TimeSpan.Zero }));

        Assert.StartsWith("Neo4j:RequestTimeout", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Engines_Graph_Neo4j_registers_the_Neo4j_adapter_beneath_the_resilience_decorator()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Engines:Graph"] = "Neo4j",
            ["Neo4j:Url"] = "http://neo4j.test:7474",
            ["Neo4j:User"] = "neo4j",
            ["Neo4j:Password"] = "pw",
        });
        builder.AddRagMemoryEngines();
        using var host = builder.Build();

        Assert.IsType<Neo4jGraphStore>(host.Services.GetRequiredKeyedService<IGraphStore>(EngineRegistration.Adapter));
        Assert.Equal("http://neo4j.test:7474/db/neo4j", host.Services.GetRequiredService<QueryApiClient>().Location);
    }

    [Fact]
    public void A_bad_Neo4j_section_stops_the_start_naming_the_key()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Engines:Graph"] = "Neo4j", ["Neo4j:Url"] = "bolt://localhost:7687" });
        builder.AddRagMemoryEngines();
        using var host = builder.Build();

        var refused = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<Neo4jOptions>>().Value);

        Assert.Contains(refused.Failures, f => f.StartsWith("Neo4j:Url", StringComparison.Ordinal));
        Assert.Contains(refused.Failures, f => f.StartsWith("Neo4j:User and Neo4j:Password, or Neo4j:BearerToken", StringComparison.Ordinal));
    }

    private List<string> Failures(Neo4jOptions options) => _validation.Validate(null, options).Failures?.ToList() ?? [];
}
