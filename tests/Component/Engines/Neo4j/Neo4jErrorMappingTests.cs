using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RagMemory.Errors;
using RagMemory.Graph;
using RagMemory.Graph.Neo4j;
using RagMemory.Namespaces;
using RagMemory.Observability;
using RagMemory.Resilience;

namespace RagMemory.Tests.Engines.Neo4j;

/// <summary>
/// Neo4j's failures as a caller sees them: the adapter behind the graph store's resilience pipeline, as the host wires it,
/// answered by <see cref="Neo4jQueryApiTestDouble"/> with Neo4j's error codes; the status is what the API would answer.
/// </summary>
public sealed class Neo4jErrorMappingTests : IDisposable
{
    private const int Retries = 2;
    private readonly Neo4jWire _wire = new(new Neo4jOptions { Url = "http://neo4j.test:7474", User = "neo4j", Password = "s3cret", RequestTimeout = TimeSpan.FromMilliseconds(200) });
    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly RagMemoryMetrics _metrics;
    private readonly IGraphStore _graph;

    public Neo4jErrorMappingTests()
    {
        _metrics = new RagMemoryMetrics(_meters.GetRequiredService<IMeterFactory>());
        var resilience = new ResilienceOptions();
        // A breaker that never opens and retries without waiting, so each test sees only the mapping.
        resilience.Backends[Backends.GraphStore] = new BackendResilienceOptions { RetryAttempts = Retries, RetryBaseDelay = TimeSpan.Zero, MinimumThroughput = 10_000 };
        var pipelines = new BackendPipelines(Options.Create(resilience), TimeProvider.System, _metrics, NullLoggerFactory.Instance);
        _graph = new ResilientGraphStore(_wire.Store, pipelines);
    }

    private Neo4jQueryApiTestDouble Server => _wire.Server;

    public void Dispose()
    {
        _wire.Dispose();
        _metrics.Dispose();
        _meters.Dispose();
    }

    [Fact]
    public async Task A_transient_error_is_retried_for_a_read_and_then_answered_503()
    {
        for (var i = 0; i <= Retries; i++)
        {
            Server.ThenError(HttpStatusCode.ServiceUnavailable, "Neo.TransientError.General.DatabaseUnavailable");
        }

        var failure = await FailureOfAsync(() => _graph.FindNodesAsync(MemoryNamespace.Default, "Person", null, 10));

        Assert.Equal(503, failure.Status);
        Assert.Equal(1 + Retries, Server.Requests.Count);
    }

    [Fact]
    public async Task A_read_that_passes_on_a_retry_after_a_transient_error_succeeds()
    {
        Server.ThenError(HttpStatusCode.OK, "Neo.TransientError.Transaction.DeadlockDetected").ThenRows(["id", "properties"], ["n1", "{}"]);

        var found = await _graph.FindNodesAsync(MemoryNamespace.Default, "Person", null, 10);

        Assert.Equal("n1", Assert.Single(found).Id);
        Assert.Equal(2, Server.Requests.Count);
    }

    [Fact]
    public async Task A_transient_error_on_a_create_is_not_retried_and_answered_503()
    {
        Server.ThenError(HttpStatusCode.ServiceUnavailable, "Neo.TransientError.Transaction.DeadlockDetected");

        var failure = await FailureOfAsync(() => _graph.CreateNodeAsync(MemoryNamespace.Default, "Person", []));

        Assert.Equal(503, failure.Status);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task A_constraint_violation_is_a_409_carrying_the_Neo4j_code_and_is_not_retried()
    {
        Server.ThenError(HttpStatusCode.BadRequest, "Neo.ClientError.Schema.ConstraintValidationFailed", "Node(7) already exists with label `RagMemoryNode` and property `rm.key`");

        var error = await Assert.ThrowsAsync<ConflictException>(() => _graph.MergeEventGraphAsync(MemoryNamespace.Default, RecordId.FromString("e1"), new ExtractedGraph(["Ada"], [])));

        Assert.Equal(409, Failure.Of(error).Status);
        Assert.Equal("Neo.ClientError.Schema.ConstraintValidationFailed", Assert.IsType<Neo4jException>(error.InnerException).Code);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task Refused_credentials_are_a_502_and_not_retried()
    {
        Server.ThenError(HttpStatusCode.Unauthorized, "Neo.ClientError.Security.Unauthorized", "The client is unauthorized due to authentication failure.");

        var failure = await FailureOfAsync(() => _graph.FindNodesAsync(MemoryNamespace.Default, "Person", null, 10));

        Assert.Equal(502, failure.Status);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task A_server_that_cannot_be_reached_is_a_502_after_the_retries_of_a_read()
    {
        for (var i = 0; i <= Retries; i++)
        {
            Server.ThenThrow(new HttpRequestException("Connection refused (neo4j.test:7474)"));
        }

        var exception = await Assert.ThrowsAsync<UpstreamFailureException>(() => _graph.GetNeighborsAsync(MemoryNamespace.Default, "n1", 1, 10));

        Assert.Equal(502, Failure.Of(exception).Status);
        Assert.Null(Assert.IsType<Neo4jException>(exception.InnerException).Code);
        Assert.Equal(1 + Retries, Server.Requests.Count);
    }

    [Fact]
    public async Task A_statement_Neo4j_refuses_is_a_502_that_is_not_retried()
    {
        Server.ThenError(HttpStatusCode.BadRequest, "Neo.ClientError.Statement.SyntaxError", "Invalid input");

        var exception = await Assert.ThrowsAsync<UpstreamFailureException>(() => _graph.FindEventsMentioningAsync(MemoryNamespace.Default, ["Ada"], 10));

        Assert.Equal(502, Failure.Of(exception).Status);
        Assert.Equal("Neo.ClientError.Statement.SyntaxError", Assert.IsType<Neo4jException>(exception.InnerException).Code);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task A_transaction_Neo4j_timed_out_is_a_504()
    {
        Server.ThenError(HttpStatusCode.BadRequest, "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration");

        var failure = await FailureOfAsync(() => _graph.CreateRelationshipAsync(MemoryNamespace.Default, "a", "b", "KNOWS", []));

        Assert.Equal(504, failure.Status);
    }

    [Fact]
    public async Task A_request_without_an_answer_within_the_request_timeout_is_a_504()
    {
        Server.ThenHang();

        var failure = await FailureOfAsync(() => _graph.CreateNodeAsync(MemoryNamespace.Default, "Person", []));

        Assert.Equal(504, failure.Status);
        Assert.Single(Server.Requests);
    }

    [Fact]
    public async Task An_answer_with_neither_result_nor_error_code_is_a_502()
    {
        Server.ThenRaw(HttpStatusCode.NotFound, "<html>Not Found</html>");

        var exception = await Assert.ThrowsAsync<UpstreamFailureException>(() => _graph.FindNodesAsync(MemoryNamespace.Default, "Person", new JsonObject(), 10));

        Assert.Equal(502, Failure.Of(exception).Status);
        Assert.Single(Server.Requests);
    }

    [Theory]
    [InlineData("Neo.TransientError.General.DatabaseUnavailable", UpstreamFailureKind.Unavailable, true)]
    [InlineData("Neo.TransientError.Transaction.DeadlockDetected", UpstreamFailureKind.Unavailable, true)]
    [InlineData("Neo.TransientError.Transaction.LeaderSwitch", UpstreamFailureKind.Unavailable, true)]
    [InlineData("Neo.ClientError.Transaction.TransactionTimedOut", UpstreamFailureKind.TimedOut, true)]
    [InlineData("Neo.ClientError.Security.Unauthorized", UpstreamFailureKind.Failed, false)]
    [InlineData("Neo.ClientError.Security.AuthenticationRateLimit", UpstreamFailureKind.Failed, false)]
    [InlineData("Neo.ClientError.Database.DatabaseNotFound", UpstreamFailureKind.Failed, false)]
    [InlineData("Neo.DatabaseError.General.UnknownError", UpstreamFailureKind.Failed, false)]
    public void Each_Neo4j_code_is_classified_by_its_kind(string code, UpstreamFailureKind kind, bool transient)
    {
        var error = Neo4jException.FromCode(code, "message");

        Assert.Equal((code, kind, transient), (error.Code, error.Kind, error.IsTransient));
        Assert.StartsWith(code, error.Message, StringComparison.Ordinal);
    }

    private static async Task<Failure> FailureOfAsync(Func<Task> call)
    {
        var exception = await Assert.ThrowsAnyAsync<Exception>(call);
        return Failure.Of(exception);
    }
}
