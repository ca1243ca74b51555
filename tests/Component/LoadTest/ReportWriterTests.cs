using RagMemory.LoadTest.Measuring;
using RagMemory.LoadTest.Reporting;

namespace RagMemory.Tests.LoadTest;

public sealed class ReportWriterTests
{
    private static readonly EndpointSummary Search = new("vector_search", 120, 2, 3.25, 1, 3, 6, 9.5, 12, 100, 0, 20, 0, 0, 0, 0);
    private static readonly EndpointSummary Ingest = new("ingest", 30, 0.5, 8, 2, 7, 12, 15, 16, 20, 8, 0, 0, 1, 1, 0);

    private static LoadReport Report(IReadOnlyList<PolicyWindows> windows) => new(
        "dotnet run -c Release --project load/LoadTest -- seed", "seed", "closed loop", "http://127.0.0.1:5000",
        new DateTimeOffset(2026, 12, 2, 1, 0, 0, TimeSpan.Zero), 60, 4, "2 cores", [Search, Ingest],
        new EndpointSummary("total", 150, 2.5, 4.2, 1, 3, 9, 15, 16, 120, 8, 20, 0, 1, 1, 0), windows);

    [Fact]
    public void Markdown_has_a_row_per_endpoint_and_the_total_with_429s_and_409s_in_their_own_columns()
    {
        var markdown = ReportWriter.ToMarkdown(Report([]));

        Assert.Contains("| endpoint | requests | RPS | mean ms | min ms | p50 ms | p95 ms | p99 ms | max ms | ok | 409 | 429 | errors | error rate |", markdown, StringComparison.Ordinal);
        Assert.Contains("| vector_search | 120 | 2.0 | 3.25 | 1.00 | 3.00 | 6.00 | 9.50 | 12.00 | 100 | 0 | 20 | 0 | 0.00 % |", markdown, StringComparison.Ordinal);
        Assert.Contains("| ingest | 30 | 0.5 | 8.00 | 2.00 | 7.00 | 12.00 | 15.00 | 16.00 | 20 | 8 | 0 | 2 (1 4xx, 1 5xx, 0 none) | 6.67 % |", markdown, StringComparison.Ordinal);
        Assert.Contains("| **total** | 150 |", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain("passed per window", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Markdown_shows_the_windows_of_each_policy_and_whether_the_limit_held()
    {
        var markdown = ReportWriter.ToMarkdown(Report([new PolicyWindows("vector_search", "search", 100, 60, [new(0, 100, 20), new(1, 40, 0)], true, 140, 20)]));

        Assert.Contains("| vector_search | search | 100 / 60 s | 100 (20), 40 (0) | yes | 140 / 20 |", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void Json_round_trips_the_report_with_snake_case_names()
    {
        var report = Report([new PolicyWindows("vector_search", "search", 100, 60, [new(0, 100, 20)], true, null, null)]);

        var json = ReportWriter.ToJson(report);
        var back = ReportWriter.FromJson(json);

        Assert.Contains("\"p99_ms\": 9.5", json, StringComparison.Ordinal);
        Assert.Contains("\"rate_limited\": 20", json, StringComparison.Ordinal);
        Assert.Equal(report.Endpoints, back.Endpoints);
        Assert.Equal(report.Total, back.Total);
        Assert.Equal(report.RateLimitWindows[0].Windows, back.RateLimitWindows[0].Windows);
    }

    [Fact]
    public void A_report_with_a_5xx_or_a_429_without_Retry_After_says_so()
    {
        var report = Report([]);

        Assert.False(report.NoServerErrors);
        Assert.True(report.EveryRejectionSaysWhen);
        Assert.False((report with { Total = report.Total with { RateLimitedWithoutRetryAfter = 1 } }).EveryRejectionSaysWhen);
    }

    [Fact]
    public void The_progress_line_shows_time_users_rate_and_the_counts_apart()
    {
        var line = ProgressLine.Format(TimeSpan.FromSeconds(35), TimeSpan.FromMinutes(5), 100, 1523, 48.26, 3, 7, 0);

        Assert.Equal("[   35 s / 300 s] users 100, requests 1523, 48.3 rps now, 429 3, 409 7, errors 0", line);
    }
}
