using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using RagMemory.Errors;
using RagMemory.Namespaces;
using RagMemory.Resilience;

namespace RagMemory.Tests.Engines.Qdrant;

/// <summary>Qdrant's gRPC statuses, as the test double answers them, become the service's answers: classified in the adapter, mapped once.</summary>
public sealed class QdrantFailureWireTests : IDisposable
{
    private const string Detail = "qdrant internals: segment 7 at /var/lib/qdrant";
    private readonly QdrantOnDouble _qdrant = new();

    public void Dispose() => _qdrant.Dispose();

    [Theory]
    [InlineData(StatusCode.Unavailable, 502)]
    [InlineData(StatusCode.DeadlineExceeded, 504)]
    [InlineData(StatusCode.InvalidArgument, 400)]
    [InlineData(StatusCode.Internal, 500)]
    [InlineData(StatusCode.Unauthenticated, 500)]
    [InlineData(StatusCode.PermissionDenied, 500)]
    [InlineData(StatusCode.NotFound, 500)]
    [InlineData(StatusCode.Unknown, 500)]
    public async Task A_status_from_Qdrant_becomes_the_answer_the_issue_asks_for(StatusCode code, int expected)
    {
        var store = await ResilientStoreAsync(breakAfter: 100);
        _qdrant.Double.Fail("/qdrant.Points/Query", code, Detail);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => store.SearchAsync(MemoryNamespace.Default, [1, 0, 0, 0], 3));
        var failure = Failure.Of(error);
        Assert.True(expected == failure.Status, error.ToString());

        Assert.Equal(expected, failure.Status);
        if (expected == 400)
        {
            Assert.Equal("query", failure.Field);
        }
        else
        {
            Assert.DoesNotContain("segment 7", failure.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_Qdrant_that_stays_unavailable_opens_the_breaker_and_then_gets_503_without_a_call()
    {
        var store = await ResilientStoreAsync(breakAfter: 2);
        _qdrant.Double.Fail("/qdrant.Points/Query", StatusCode.Unavailable, "connection refused");
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(502, Failure.Of(await Assert.ThrowsAnyAsync<Exception>(() => store.SearchAsync(MemoryNamespace.Default, [1, 0, 0, 0], 3))).Status);
        }

        var calls = _qdrant.Double.Calls.Count;
        var refused = await Assert.ThrowsAnyAsync<BrokenCircuitException>(() => store.SearchAsync(MemoryNamespace.Default, [1, 0, 0, 0], 3));

        Assert.Equal(503, Failure.Of(refused).Status);
        Assert.Equal(calls, _qdrant.Double.Calls.Count);
    }

    [Fact]
    public async Task An_invalid_argument_while_preparing_a_collection_is_ours_not_the_callers()
    {
        _qdrant.Double.Fail("/qdrant.Collections/Create", StatusCode.InvalidArgument, "Wrong input: bad hnsw config");

        var error = await Assert.ThrowsAsync<BackendFaultException>(() => _qdrant.Vectors().UpsertAsync(MemoryNamespace.Default, [new RagMemory.Vectors.VectorRecord(RecordId.FromInteger(1), [1, 0, 0, 0], [])]));

        Assert.Contains("InvalidArgument", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cancelled_call_is_a_cancellation()
    {
        await _qdrant.VectorsCollection.EnsureAsync();
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _qdrant.Vectors().SearchAsync(MemoryNamespace.Default, [1, 0, 0, 0], 3, cancellationToken: cancelled.Token));
    }

    private async Task<ResilientVectorStore> ResilientStoreAsync(int breakAfter)
    {
        _qdrant.Resilience.Backends[Backends.VectorStore] = new BackendResilienceOptions { RetryAttempts = 0, MinimumThroughput = breakAfter, FailureRatio = 1.0 };
        await _qdrant.VectorsCollection.EnsureAsync();
        var pipelines = new BackendPipelines(Options.Create(_qdrant.Resilience), TimeProvider.System, _qdrant.Metrics, NullLoggerFactory.Instance);
        return new ResilientVectorStore(_qdrant.Vectors(), pipelines);
    }
}
