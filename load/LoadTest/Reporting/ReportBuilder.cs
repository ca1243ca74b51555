using RagMemory.LoadTest.Measuring;
using RagMemory.RateLimiting;

namespace RagMemory.LoadTest.Reporting;

/// <summary>Turns a run's recordings and the server's rate-limit counters before and after into its report.</summary>
public static class ReportBuilder
{
    public static LoadReport Build(
        string command,
        string scenario,
        string mode,
        string url,
        DateTimeOffset startedAt,
        TimeSpan elapsed,
        int users,
        string machine,
        LoadStats stats,
        IReadOnlyList<RateLimitSnapshot>? limitsBefore,
        IReadOnlyList<RateLimitSnapshot>? limitsAfter)
    {
        ArgumentNullException.ThrowIfNull(stats);
        var endpoints = stats.Endpoints;
        var rows = endpoints.Select(e => e.Summarise(elapsed)).ToList();
        var total = EndpointStats.Total("total", endpoints, elapsed);
        var windows = total.RateLimited > 0 && limitsAfter is not null
            ? endpoints.Select(e => Windows(e, limitsBefore, limitsAfter)).OfType<PolicyWindows>().ToList()
            : [];
        return new LoadReport(command, scenario, mode, url, startedAt, elapsed.TotalSeconds, users, machine, rows, total, windows);
    }

    /// <summary>The endpoint's windows when the server has its policy; the server's counters are the run's difference.</summary>
    private static PolicyWindows? Windows(EndpointStats endpoint, IReadOnlyList<RateLimitSnapshot>? before, IReadOnlyList<RateLimitSnapshot> after)
    {
        if (after.FirstOrDefault(l => l.Name == endpoint.Policy) is not { } limit)
        {
            return null;
        }

        var start = before?.FirstOrDefault(l => l.Name == endpoint.Policy);
        var windows = WindowCheck.Count(endpoint.LimiterEvents(), limit.WindowSeconds);
        return new PolicyWindows(endpoint.Endpoint, limit.Name, limit.PermitLimit, limit.WindowSeconds, windows, WindowCheck.Holds(windows, limit.PermitLimit),
            limit.Permitted - (start?.Permitted ?? 0), limit.Rejected - (start?.Rejected ?? 0));
    }
}
