using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RagMemory.Errors;
using RagMemory.Observability;
using RagMemory.RateLimiting;
using RagMemory.State.PostgreSql;

namespace RagMemory.Tests.Engines.PostgreSql;

/// <summary>Two replicas' registries on one PostgreSQL database: one limit over both, and a change on one seen by the other.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlRateLimitRegistryTests(PostgreSqlServer server) : IAsyncLifetime
{
    private readonly PostgreSqlDatabases _databases = new(server);
    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly List<RateLimitRegistry> _replicas = [];

    public Task InitializeAsync() => _databases.InitializeAsync();

    public async Task DisposeAsync()
    {
        _replicas.ForEach(r => r.Dispose());
        await _meters.DisposeAsync();
        await _databases.DisposeAsync();
    }

    [Fact]
    public async Task A_limit_of_three_lets_three_requests_through_over_both_replicas()
    {
        var first = Replica(permitLimit: 3);
        var second = Replica(permitLimit: 3);

        await first.AcquireAsync(RateLimitPolicies.Search, "user:alice");
        await second.AcquireAsync(RateLimitPolicies.Search, "user:alice");
        await first.AcquireAsync(RateLimitPolicies.Search, "user:alice");

        await Assert.ThrowsAsync<RateLimitExceededException>(() => second.AcquireAsync(RateLimitPolicies.Search, "user:alice"));
        await Assert.ThrowsAsync<RateLimitExceededException>(() => first.AcquireAsync(RateLimitPolicies.Search, "user:alice"));
        Assert.Equal(2, first.Snapshot().Single(s => s.Name == RateLimitPolicies.Search).Permitted);
    }

    [Fact]
    public async Task A_limit_changed_on_one_replica_holds_on_the_other_at_its_next_refresh()
    {
        var first = Replica(permitLimit: 3);
        var second = Replica(permitLimit: 3);

        await first.UpdateAsync(RateLimitPolicies.Search, 1, 60, "admin");
        await second.ApplyStoredOverridesAsync();

        await second.AcquireAsync(RateLimitPolicies.Search, "user:bob");
        await Assert.ThrowsAsync<RateLimitExceededException>(() => first.AcquireAsync(RateLimitPolicies.Search, "user:bob"));
        Assert.Equal(1, second.Snapshot().Single(s => s.Name == RateLimitPolicies.Search).PermitLimit);
    }

    private RateLimitRegistry Replica(int permitLimit)
    {
        var database = _databases.Open();
        var options = new RateLimitingOptions();
        options.Policies[RateLimitPolicies.Search] = new RateLimitPolicyOptions { PermitLimit = permitLimit, WindowSeconds = 60 };
        var registry = new RateLimitRegistry(
            new PostgreSqlRateLimitSettingsStore(database),
            Options.Create(options),
            _time,
            new RagMemoryMetrics(_meters.GetRequiredService<IMeterFactory>()),
            NullLogger<RateLimitRegistry>.Instance,
            new PostgreSqlRateLimitCounter(database, _time));
        _replicas.Add(registry);
        return registry;
    }
}
