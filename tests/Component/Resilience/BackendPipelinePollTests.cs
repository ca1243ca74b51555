using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Polly.CircuitBreaker;
using RagMemory.Errors;
using RagMemory.Observability;
using RagMemory.Resilience;

namespace RagMemory.Tests.Resilience;

/// <summary>
/// The worker's polls of the event bus through <see cref="BackendPipeline.PollAsync"/>: an empty one is neither a success
/// nor a failure for the breaker, so an idle poller cannot keep a failing backend's breaker closed.
/// </summary>
public sealed class BackendPipelinePollTests : IDisposable
{
    private const int EmptyPollsBetweenFailures = 4;
    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly RagMemoryMetrics _metrics;

    public BackendPipelinePollTests() => _metrics = new RagMemoryMetrics(_meters.GetRequiredService<IMeterFactory>());

    public void Dispose()
    {
        _metrics.Dispose();
        _meters.Dispose();
    }

    [Fact]
    public async Task Idle_empty_polls_do_not_keep_a_failing_backends_breaker_closed()
    {
        var pipeline = NewPipeline();

        // Five failed publishes, each behind four empty polls: all calls that reached a working or failing backend failed.
        for (var failure = 0; failure < 5; failure++)
        {
            for (var poll = 0; poll < EmptyPollsBetweenFailures; poll++)
            {
                Assert.Empty(await pipeline.PollAsync(_ => Task.FromResult<IReadOnlyList<string>>([]), CancellationToken.None));
            }

            await Assert.ThrowsAsync<UpstreamFailureException>(() => pipeline.ExecuteAsync(false, _ => Task.FromException<bool>(new IOException("broker gone")), CancellationToken.None));
        }

        var status = pipeline.Status();
        Assert.Equal("open", status.State);
        Assert.Equal(5, status.Calls);
        Assert.Equal(1.0, status.FailureRatio);
        await Assert.ThrowsAsync<BrokenCircuitException>(() => pipeline.PollAsync(_ => Task.FromResult<IReadOnlyList<string>>([]), CancellationToken.None));
    }

    [Fact]
    public async Task The_same_empty_answers_counted_as_calls_would_have_kept_it_closed()
    {
        // The control for the test above: what the worker's receive did before it was a poll.
        var pipeline = NewPipeline();
        for (var failure = 0; failure < 5; failure++)
        {
            for (var poll = 0; poll < EmptyPollsBetweenFailures; poll++)
            {
                await pipeline.ExecuteAsync(false, _ => Task.FromResult<IReadOnlyList<string>>([]), CancellationToken.None);
            }

            await Assert.ThrowsAsync<UpstreamFailureException>(() => pipeline.ExecuteAsync(false, _ => Task.FromException<bool>(new IOException("broker gone")), CancellationToken.None));
        }

        Assert.Equal("closed", pipeline.Status().State);
    }

    [Fact]
    public async Task A_poll_that_fails_counts_as_a_failure_and_one_that_finds_work_as_a_success()
    {
        var pipeline = NewPipeline();

        var found = await pipeline.PollAsync(_ => Task.FromResult<IReadOnlyList<string>>(["event-1"]), CancellationToken.None);
        Assert.Equal(["event-1"], found);
        var failed = await Assert.ThrowsAsync<UpstreamFailureException>(() => pipeline.PollAsync<string>(_ => throw new IOException("broker gone"), CancellationToken.None));
        Assert.IsType<IOException>(failed.InnerException);

        var status = pipeline.Status();
        Assert.Equal(2, status.Calls);
        Assert.Equal(0.5, status.FailureRatio);
        Assert.Contains("broker gone", status.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_poll_past_the_timeout_is_a_timeout_the_breaker_counts()
    {
        var pipeline = NewPipeline(timeout: TimeSpan.FromMilliseconds(50));

        await Assert.ThrowsAsync<Polly.Timeout.TimeoutRejectedException>(() => pipeline.PollAsync<string>(async ct =>
        {
            await Task.Delay(TimeSpan.FromSeconds(30), ct);
            return [];
        }, CancellationToken.None));

        Assert.Equal((1.0, 1), (pipeline.Status().FailureRatio, pipeline.Status().Calls));
    }

    private BackendPipeline NewPipeline(TimeSpan? timeout = null) => new(
        Backends.EventBus,
        new BackendResilienceOptions { RetryAttempts = 0, Timeout = timeout ?? TimeSpan.FromSeconds(10), SamplingDuration = TimeSpan.FromMinutes(5), BreakDuration = TimeSpan.FromMinutes(5) },
        TimeProvider.System,
        _metrics,
        NullLogger.Instance);
}
