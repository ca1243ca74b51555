using System.Globalization;
using System.Text;
using System.Text.Json;
using RagMemory.LoadTest.Measuring;

namespace RagMemory.LoadTest.Reporting;

/// <summary>The report as JSON (for tools) and as a markdown table (for docs/load-baseline.md).</summary>
public static class ReportWriter
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, WriteIndented = true };

    public static string ToJson(LoadReport report) => JsonSerializer.Serialize(report, Json);

    public static LoadReport FromJson(string json) => JsonSerializer.Deserialize<LoadReport>(json, Json)
        ?? throw new InvalidDataException("The report file holds no report.");

    public static string ToMarkdown(LoadReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.AppendLine(Invariant($"`{report.Command}`: scenario {report.Scenario}, {report.Mode}, {report.Users} users, {report.ElapsedSeconds:F0} s, started {report.StartedAt:yyyy-MM-dd HH:mm} UTC on {report.Machine}."));
        text.AppendLine();
        text.AppendLine("| endpoint | requests | RPS | mean ms | min ms | p50 ms | p95 ms | p99 ms | max ms | ok | 409 | 429 | errors | error rate |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in report.Endpoints.Append(report.Total))
        {
            var name = row == report.Total ? $"**{row.Endpoint}**" : row.Endpoint;
            text.AppendLine(Invariant($"| {name} | {row.Requests} | {row.Rps:F1} | {row.MeanMs:F2} | {row.MinMs:F2} | {row.P50Ms:F2} | {row.P95Ms:F2} | {row.P99Ms:F2} | {row.MaxMs:F2} | {row.Ok} | {row.Conflicts} | {row.RateLimited} | {Errors(row)} | {row.ErrorRate:P2} |"));
        }

        text.AppendLine();
        text.AppendLine(Invariant($"Latency is of served answers (2xx and 409); 429s and errors are counted apart. 5xx: {report.Total.ServerErrors}, no answer: {report.Total.NoAnswer}, 429 without Retry-After: {report.Total.RateLimitedWithoutRetryAfter}."));
        if (report.RateLimitWindows.Count > 0)
        {
            text.AppendLine();
            text.AppendLine("| endpoint | policy | limit | passed per window (429 in it) | holds | server permitted / rejected |");
            text.AppendLine("|---|---|---:|---|---|---:|");
            foreach (var policy in report.RateLimitWindows)
            {
                var windows = string.Join(", ", policy.Windows.Select(w => Invariant($"{w.Passed} ({w.Rejected})")));
                var server = policy.ServerPermitted is { } permitted ? Invariant($"{permitted} / {policy.ServerRejected}") : "not read";
                text.AppendLine(Invariant($"| {policy.Endpoint} | {policy.Policy} | {policy.PermitLimit} / {policy.WindowSeconds} s | {windows} | {(policy.Holds ? "yes" : "**no**")} | {server} |"));
            }
        }

        return text.ToString();
    }

    private static string Errors(EndpointSummary row) =>
        row.Errors == 0 ? "0" : Invariant($"{row.Errors} ({row.ClientErrors} 4xx, {row.ServerErrors} 5xx, {row.NoAnswer} none)");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
