using System.Diagnostics;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using RagMemory.Errors;
using RagMemory.Graph;
using RagMemory.Graph.Neo4j;
using RagMemory.Namespaces;

namespace RagMemory.Tests.Engines.Neo4j;

/// <summary>
/// Every statement the Neo4j adapter sends, checked by Neo4j's own Cypher parser and semantic analysis (the npm package
/// <c>@neo4j-cypher/language-support</c>, locked in <c>cypher-lint/</c>, installed by scripts/install-test-deps.sh) for
/// Cypher 5 and Cypher 25, with exactly the parameters the adapter sent declared: a syntax error, a variable out of
/// scope or a parameter referenced but not sent fails here, where no Neo4j server runs. SKIPPED, saying why, where
/// Node.js or the package is missing.
/// </summary>
public sealed class Neo4jCypherLintTests
{
    [Fact]
    public async Task Every_statement_the_adapter_sends_is_valid_Cypher_using_only_the_parameters_it_sends()
    {
        var linter = LinterFolder();
        // Installed by the README's test command; missing, the test fails saying how to install it.
        Assert.True(Directory.Exists(Path.Combine(linter, "node_modules", "@neo4j-cypher", "language-support")), $"the Cypher linter is not installed: run scripts/install-test-deps.sh (npm ci in {linter})");
        using var wire = new Neo4jWire();
        await SendEveryStatementAsync(wire);

        var requests = wire.Server.Requests;
        var input = new JsonArray(requests.Select(r => (JsonNode?)new JsonObject
        {
            ["statement"] = r.Statement,
            ["parameters"] = new JsonArray(r.Parameters.Select(p => (JsonNode?)p.Key).ToArray()),
        }).ToArray());
        var results = JsonNode.Parse(await RunNodeAsync(linter, input.ToJsonString()))!.AsArray();

        Assert.Equal(requests.Count, results.Count);
        Assert.All(results, result => Assert.True(
            result!["diagnostics"]!.AsArray().Count == 0,
            $"{result["statement"]}\n{string.Join("\n", result["diagnostics"]!.AsArray())}"));
    }

    [Fact]
    public async Task The_linter_refuses_what_Neo4j_would_refuse()
    {
        var linter = LinterFolder();
        // Installed by the README's test command; missing, the test fails saying how to install it.
        Assert.True(Directory.Exists(Path.Combine(linter, "node_modules", "@neo4j-cypher", "language-support")), $"the Cypher linter is not installed: run scripts/install-test-deps.sh (npm ci in {linter})");
        var input = """
            [{"statement": "MERGE (a:X) MATCH (b) RETURN a", "parameters": []},
             {"statement": "MATCH (n) WHERE n.x = $missing RETURN n", "parameters": []},
             {"statement": "MATCH (n) RETURN m", "parameters": []}]
            """;

        var results = JsonNode.Parse(await RunNodeAsync(linter, input))!.AsArray();

        Assert.All(results, result => Assert.NotEmpty(result!["diagnostics"]!.AsArray()));
    }

    /// <summary>One call of every kind the adapter makes, so that each of its statements is sent once.</summary>
    private static async Task SendEveryStatementAsync(Neo4jWire wire)
    {
        var ns = MemoryNamespace.Default;
        wire.Server.ThenRows(["version", "edition", "nodes", "relationships"], ["5.26.0", "community", 0L, 0L]);
        await wire.Store.DescribeAsync();
        await new Neo4jSchema(wire.Client, TimeProvider.System, NullLogger<Neo4jSchema>.Instance).EnsureAsync(CancellationToken.None);
        await wire.Store.CreateNodeAsync(ns, "Person", new JsonObject { ["name"] = "Ada" });
        await wire.Store.CreateNodeAsync(ns, Neo4jGraphStore.BaseLabel, []);
        await wire.Store.FindNodesAsync(ns, "Person", new JsonObject { ["name"] = "Ada" }, 10);
        await Assert.ThrowsAsync<NotFoundException>(() => wire.Store.CreateRelationshipAsync(ns, "a", "b", "KNOWS", []));
        for (var depth = 1; depth <= GraphNames.MaxDepth; depth++)
        {
            await Assert.ThrowsAsync<NotFoundException>(() => wire.Store.GetNeighborsAsync(ns, "a", depth, 10));
        }

        await wire.Store.MergeEventGraphAsync(ns, RecordId.FromString("e1"), new ExtractedGraph(["Ada", "Charles"], [("Ada", "Charles")]));
        await wire.Store.DeleteEventGraphAsync(ns, RecordId.FromString("e1"));
        await wire.Store.FindEventsMentioningAsync(ns, ["Ada"], 10);
        await wire.Store.GetEventKeysAsync(ns, ["a"]);
    }

    private static async Task<string> RunNodeAsync(string folder, string input)
    {
        var start = new ProcessStartInfo("node", "lint.cjs") { WorkingDirectory = folder, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new InvalidOperationException("Node.js (node) is not installed: the Cypher linter runs on it (the README's test command needs Node.js 20 or later).");
        }

        using (process)
        {
            await process.StandardInput.WriteAsync(input);
            process.StandardInput.Close();
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, await errors);
            return await output;
        }
    }

    private static string LinterFolder()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RagMemory.sln")))
            {
                return Path.Combine(directory.FullName, "tests", "Component", "Engines", "Neo4j", "cypher-lint");
            }
        }

        throw new InvalidOperationException("RagMemory.sln not found above the test output folder.");
    }
}
