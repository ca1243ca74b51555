using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RagMemory.Ingestion;

namespace RagMemory.Tests.Ingestion;

/// <summary>
/// The worker's retry policy, the same for every bus: backoff that doubles with each failed attempt, jittered within
/// the upper half of its step, capped, and a dead letter once the attempts are spent. Many draws stand for "always".
/// </summary>
public sealed class RetryPolicyTests
{
    private static readonly TimeSpan BaseDelay = TimeSpan.FromSeconds(10);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));

    [Fact]
    public void The_first_retry_comes_between_half_the_base_delay_and_the_base_delay()
    {
        var delays = Delays(Policy(), attempts: 1);

        Assert.All(delays, d => Assert.InRange(d, BaseDelay / 2, BaseDelay));
        Assert.True(delays.Distinct().Count() > 1, "Retries must be jittered, not in lockstep.");
    }

    [Fact]
    public void The_retry_delay_doubles_with_each_failed_attempt()
    {
        Assert.All(Delays(Policy(), attempts: 2), d => Assert.InRange(d, BaseDelay, BaseDelay * 2));
        Assert.All(Delays(Policy(), attempts: 3), d => Assert.InRange(d, BaseDelay * 2, BaseDelay * 4));
    }

    [Fact]
    public void The_retry_delay_never_exceeds_RetryMaxDelay()
    {
        var policy = Policy(maxAttempts: 20, maxDelay: TimeSpan.FromSeconds(30));

        Assert.All(Delays(policy, attempts: 8), d => Assert.InRange(d, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void An_event_is_retried_until_MaxAttempts_are_spent_and_then_dead_lettered()
    {
        var policy = Policy(maxAttempts: 3);

        Assert.NotNull(policy.NextAttemptAt(1));
        Assert.NotNull(policy.NextAttemptAt(2));
        Assert.Null(policy.NextAttemptAt(3));
        Assert.Null(policy.NextAttemptAt(4));
    }

    private RetryPolicy Policy(int maxAttempts = 5, TimeSpan? maxDelay = null) => new(
        Options.Create(new IngestionOptions { MaxAttempts = maxAttempts, RetryBaseDelay = BaseDelay, RetryMaxDelay = maxDelay ?? TimeSpan.FromHours(1) }),
        _time);

    private List<TimeSpan> Delays(RetryPolicy policy, int attempts) =>
        [.. Enumerable.Range(0, 200).Select(_ => policy.NextAttemptAt(attempts)!.Value - _time.GetUtcNow())];
}
