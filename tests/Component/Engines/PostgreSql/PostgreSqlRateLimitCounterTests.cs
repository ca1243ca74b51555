using Microsoft.Extensions.Time.Testing;
using Npgsql;
using RagMemory.RateLimiting;
using RagMemory.State.PostgreSql;

namespace RagMemory.Tests.Engines.PostgreSql;

/// <summary>Rate-limit counters in PostgreSQL: a limit of N means N per window over all replicas together.</summary>
[Collection(PostgreSqlCollection.Name)]
public sealed class PostgreSqlRateLimitCounterTests(PostgreSqlServer server) : IAsyncLifetime
{
    private static readonly RateLimitPolicyOptions TenPerMinute = new() { PermitLimit = 10, WindowSeconds = 60 };
    private readonly PostgreSqlDatabases _databases = new(server);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 6, 1, 12, 0, 10, TimeSpan.Zero));

    public Task InitializeAsync() => _databases.InitializeAsync();

    public Task DisposeAsync() => _databases.DisposeAsync().AsTask();

    [Fact]
    public async Task Two_replicas_counting_at_once_let_exactly_the_limit_through_in_a_window()
    {
        var replicas = new[] { Replica(), Replica() };

        var verdicts = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => replicas[i % 2].TryAcquireAsync("ingest", "user:alice", TenPerMinute))));

        Assert.Equal(10, verdicts.Count(v => v.Acquired));
        Assert.All(verdicts.Where(v => !v.Acquired), v => Assert.Equal(TimeSpan.FromSeconds(50), v.RetryAfter));
    }

    [Fact]
    public async Task The_next_window_starts_from_zero_on_every_replica()
    {
        var first = Replica();
        var second = Replica();
        for (var i = 0; i < 10; i++)
        {
            Assert.True((await first.TryAcquireAsync("ingest", "user:alice", TenPerMinute)).Acquired);
        }

        Assert.False((await second.TryAcquireAsync("ingest", "user:alice", TenPerMinute)).Acquired);
        _time.Advance(TimeSpan.FromSeconds(50));

        Assert.True((await second.TryAcquireAsync("ingest", "user:alice", TenPerMinute)).Acquired);
    }

    [Fact]
    public async Task Principals_and_policies_are_counted_apart()
    {
        var counter = Replica();
        var one = new RateLimitPolicyOptions { PermitLimit = 1, WindowSeconds = 60 };

        Assert.True((await counter.TryAcquireAsync("ingest", "user:alice", one)).Acquired);
        Assert.False((await counter.TryAcquireAsync("ingest", "user:alice", one)).Acquired);
        Assert.True((await counter.TryAcquireAsync("ingest", "user:bob", one)).Acquired);
        Assert.True((await counter.TryAcquireAsync("search", "user:alice", one)).Acquired);
    }

    [Fact]
    public async Task A_lowered_limit_refuses_at_once_what_the_window_already_holds()
    {
        var counter = Replica();
        for (var i = 0; i < 5; i++)
        {
            await counter.TryAcquireAsync("ingest", "user:alice", TenPerMinute);
        }

        Assert.False((await counter.TryAcquireAsync("ingest", "user:alice", new RateLimitPolicyOptions { PermitLimit = 3, WindowSeconds = 60 })).Acquired);
    }

    [Fact]
    public async Task Rows_of_ended_windows_are_removed()
    {
        var counter = Replica();
        await counter.TryAcquireAsync("ingest", "user:alice", TenPerMinute);
        _time.Advance(TimeSpan.FromMinutes(5));

        await counter.TryAcquireAsync("ingest", "user:bob", TenPerMinute);

        await using var connection = new NpgsqlConnection(_databases.ConnectionString);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand("SELECT partition_key FROM rate_limit_windows;", connection);
        Assert.Equal("user:bob", await count.ExecuteScalarAsync());
    }

    private PostgreSqlRateLimitCounter Replica() => new(_databases.Open(), _time);
}
