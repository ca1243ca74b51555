using RagMemory.LoadTest.Measuring;

namespace RagMemory.Tests.LoadTest;

public sealed class EndpointStatsTests
{
    [Fact]
    public void Percentiles_mean_min_and_max_of_1_to_100_ms()
    {
        var stats = new EndpointStats("vector_search", "search");
        foreach (var ms in Enumerable.Range(1, 100).Reverse())
        {
            stats.Record(TimeSpan.Zero, TimeSpan.FromMilliseconds(ms), 200, false);
        }

        var row = stats.Summarise(TimeSpan.FromSeconds(10));

        Assert.Equal(100, row.Requests);
        Assert.Equal(10, row.Rps, 6);
        Assert.Equal(50.5, row.MeanMs, 6);
        Assert.Equal(1, row.MinMs, 6);
        Assert.Equal(100, row.MaxMs, 6);

        // Three significant digits: within 0.1 % of the exact nearest-rank values.
        Assert.Equal(50, row.P50Ms, 0.05);
        Assert.Equal(95, row.P95Ms, 0.1);
        Assert.Equal(99, row.P99Ms, 0.1);
    }

    [Fact]
    public void Each_status_code_is_counted_so_a_500_is_told_from_a_502()
    {
        var stats = new EndpointStats("ingest", "ingest");
        foreach (var status in new[] { 202, 502, 502, 503, 500, 0 })
        {
            stats.Record(TimeSpan.Zero, TimeSpan.FromMilliseconds(1), status, false);
        }

        Assert.Equal(new Dictionary<int, long> { [0] = 1, [202] = 1, [500] = 1, [502] = 2, [503] = 1 }, stats.Statuses());
    }

    [Fact]
    public void Rate_limits_and_conflicts_are_counted_apart_from_errors()
    {
        var stats = new EndpointStats("ingest", "ingest");
        stats.Record(TimeSpan.Zero, TimeSpan.FromMilliseconds(10), 202, false);
        stats.Record(TimeSpan.Zero, TimeSpan.FromMilliseconds(12), 409, false);
        stats.Record(TimeSpan.Zero, TimeSpan.FromMilliseconds(1), 429, true);
        stats.Record(TimeSpan.Zero, TimeSpan.FromMilliseconds(1), 429, false);
        stats.Record(TimeSpan.Zero, TimeSpan.FromMilliseconds(3), 400, false);
        stats.Record(TimeSpan.Zero, TimeSpan.FromMilliseconds(4), 503, true);
        stats.Record(TimeSpan.Zero, TimeSpan.FromSeconds(30), 0, false);

        var row = stats.Summarise(TimeSpan.FromSeconds(1));

        Assert.Equal(7, row.Requests);
        Assert.Equal((1, 1, 2, 1), (row.Ok, row.Conflicts, row.RateLimited, row.RateLimitedWithoutRetryAfter));
        Assert.Equal((1, 1, 1), (row.ClientErrors, row.ServerErrors, row.NoAnswer));
        Assert.Equal(3, row.Errors);
        Assert.Equal(3 / 7.0, row.ErrorRate, 9);

        // Latency is of the served answers only: the 202 and the 409.
        Assert.Equal(11, row.MeanMs, 6);
        Assert.Equal(12, row.MaxMs, 6);
    }

    [Fact]
    public void The_limiter_sees_every_request_but_those_refused_before_it_or_never_answered()
    {
        var stats = new EndpointStats("upsert", "upsert");
        var statuses = new[] { 200, 429, 400, 409, 401, 403, 0, 500 };
        for (var i = 0; i < statuses.Length; i++)
        {
            stats.Record(TimeSpan.FromSeconds(statuses.Length - i), TimeSpan.FromMilliseconds(1), statuses[i], true);
        }

        var events = stats.LimiterEvents();

        // In the order sent: 500 (1 s), 400 (6 s) ... ; 401, 403 and no answer spent no permit.
        Assert.Equal([1.0, 5, 6, 7, 8], events.Select(e => e.SentSeconds));
        Assert.Equal([true, true, true, false, true], events.Select(e => e.Passed));
    }

    [Fact]
    public void The_total_merges_every_endpoint()
    {
        var search = new EndpointStats("vector_search", "search");
        var graph = new EndpointStats("graph_search", "graph-read");
        search.Record(TimeSpan.Zero, TimeSpan.FromMilliseconds(2), 200, false);
        search.Record(TimeSpan.Zero, TimeSpan.FromMilliseconds(4), 429, true);
        graph.Record(TimeSpan.Zero, TimeSpan.FromMilliseconds(8), 200, false);

        var total = EndpointStats.Total("total", [search, graph], TimeSpan.FromSeconds(1));

        Assert.Equal((3, 2, 1), (total.Requests, total.Ok, total.RateLimited));
        Assert.Equal(5, total.MeanMs, 6);
        Assert.Equal(2, total.MinMs, 6);
        Assert.Equal(8, total.MaxMs, 6);
    }

    [Theory]
    [InlineData(200, ResponseKind.Ok)]
    [InlineData(201, ResponseKind.Ok)]
    [InlineData(202, ResponseKind.Ok)]
    [InlineData(409, ResponseKind.Conflict)]
    [InlineData(429, ResponseKind.RateLimited)]
    [InlineData(400, ResponseKind.ClientError)]
    [InlineData(404, ResponseKind.ClientError)]
    [InlineData(500, ResponseKind.ServerError)]
    [InlineData(503, ResponseKind.ServerError)]
    [InlineData(0, ResponseKind.NoAnswer)]
    public void Statuses_map_to_kinds(int status, ResponseKind kind) =>
        Assert.Equal(kind, ResponseKinds.Of(status));
}
