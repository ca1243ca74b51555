using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RagMemory.Errors;
using RagMemory.Observability;
using RagMemory.RateLimiting;
using RagMemory.State.Embedded;
using RagMemory.Tests.Engines;

namespace RagMemory.Tests.Limits;

/// <summary>The registry's counts and limits while admins change limits, here and on another replica.</summary>
public sealed class RateLimitRegistryTests : IDisposable
{
    private readonly TempDataFolder _folder = new();
    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly RagMemoryMetrics _metrics;

    public RateLimitRegistryTests() => _metrics = new RagMemoryMetrics(_meters.GetRequiredService<IMeterFactory>());

    [Fact]
    public async Task Changing_a_limit_while_requests_run_loses_no_permit_and_no_rejection()
    {
        using var registry = OpenRegistry();
        await registry.UpdateAsync(RateLimitPolicies.Search, 500, 3600, "setup");
        var before = Counts(registry);
        const int Workers = 4;
        const int AttemptsEach = 5_000;
        var rejected = new int[Workers];
        using var changing = new CancellationTokenSource();

        var changes = Task.Run(async () =>
        {
            for (var limit = 501; !changing.IsCancellationRequested; limit++)
            {
                await registry.UpdateAsync(RateLimitPolicies.Search, limit, 3600, "admin");
            }
        });
        var requests = Enumerable.Range(0, Workers).Select(worker => Task.Run(() =>
        {
            for (var i = 0; i < AttemptsEach; i++)
            {
                try
                {
                    registry.Acquire(RateLimitPolicies.Search, $"caller-{worker}");
                }
                catch (RateLimitExceededException)
                {
                    rejected[worker]++;
                }
            }
        })).ToArray();
        await Task.WhenAll(requests);
        await changing.CancelAsync();
        await changes;

        var after = Counts(registry);
        Assert.Equal(Workers * AttemptsEach, (after.Permitted - before.Permitted) + (after.Rejected - before.Rejected));
        Assert.Equal(rejected.Sum(), after.Rejected - before.Rejected);
    }

    [Fact]
    public async Task Another_replicas_change_applies_here_at_the_next_refresh_and_an_unchanged_limit_keeps_its_window()
    {
        using var here = OpenRegistry();
        using var replica = OpenRegistry();
        await replica.UpdateAsync(RateLimitPolicies.GraphRead, 2, 600, "admin on the other replica");
        here.Acquire(RateLimitPolicies.GraphRead, "someone");
        Assert.Equal(100, Limit(here, RateLimitPolicies.GraphRead));

        await here.ApplyStoredOverridesAsync();

        Assert.Equal(2, Limit(here, RateLimitPolicies.GraphRead));
        here.Acquire(RateLimitPolicies.GraphRead, "someone");
        here.Acquire(RateLimitPolicies.GraphRead, "someone");
        Assert.Throws<RateLimitExceededException>(() => here.Acquire(RateLimitPolicies.GraphRead, "someone"));

        // The same stored limit again is no change: the window counting two permits stays.
        await here.ApplyStoredOverridesAsync();
        Assert.Throws<RateLimitExceededException>(() => here.Acquire(RateLimitPolicies.GraphRead, "someone"));
    }

    [Fact]
    public async Task A_restarted_process_starts_with_the_stored_limits()
    {
        using (var first = OpenRegistry())
        {
            await first.UpdateAsync(RateLimitPolicies.Ingest, 3, 60, "admin");
        }

        using var restarted = OpenRegistry();
        await restarted.ApplyStoredOverridesAsync();

        Assert.Equal(3, Limit(restarted, RateLimitPolicies.Ingest));
        Assert.Equal("admin", Assert.Single(await restarted.AuditAsync()).ChangedBy);
    }

    public void Dispose()
    {
        _metrics.Dispose();
        _meters.Dispose();
        _folder.Dispose();
    }

    private RateLimitRegistry OpenRegistry() => new(
        new SqliteRateLimitSettingsStore(_folder.OpenDatabase()),
        Options.Create(new RateLimitingOptions()),
        TimeProvider.System,
        _metrics,
        NullLogger<RateLimitRegistry>.Instance);

    private static (long Permitted, long Rejected) Counts(RateLimitRegistry registry)
    {
        var search = registry.Snapshot().Single(s => s.Name == RateLimitPolicies.Search);
        return (search.Permitted, search.Rejected);
    }

    private static int Limit(RateLimitRegistry registry, string policy) => registry.Snapshot().Single(s => s.Name == policy).PermitLimit;
}
