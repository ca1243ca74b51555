using HdrHistogram;

namespace RagMemory.LoadTest.Measuring;

/// <summary>
/// What one endpoint answered during a run, safe to record from many requests at once. Latencies go to an
/// HdrHistogram (microseconds, three significant digits: p99 within 0.1 %); mean, min and max are exact.
/// </summary>
public sealed class EndpointStats(string endpoint, string policy)
{
    private const long HighestMicroseconds = 10L * 60 * 1_000_000;

    private readonly Lock _lock = new();
    private readonly LongHistogram _served = new(HighestMicroseconds, 3);
    private readonly long[] _kinds = new long[Enum.GetValues<ResponseKind>().Length];
    private readonly List<LimiterEvent> _limiter = [];
    private readonly SortedDictionary<int, long> _statuses = [];
    private long _rateLimitedWithoutRetryAfter;
    private long _sumMicroseconds;
    private long _minMicroseconds = long.MaxValue;
    private long _maxMicroseconds;

    public string Endpoint { get; } = endpoint;

    public string Policy { get; } = policy;

    public void Record(TimeSpan sentAt, TimeSpan latency, int status, bool hasRetryAfter)
    {
        var kind = ResponseKinds.Of(status);
        var microseconds = Math.Clamp((long)latency.TotalMicroseconds, 1, HighestMicroseconds);
        lock (_lock)
        {
            _kinds[(int)kind]++;
            _statuses[status] = _statuses.GetValueOrDefault(status) + 1;
            if (kind is ResponseKind.Ok or ResponseKind.Conflict)
            {
                _served.RecordValue(microseconds);
                _sumMicroseconds += microseconds;
                _minMicroseconds = Math.Min(_minMicroseconds, microseconds);
                _maxMicroseconds = Math.Max(_maxMicroseconds, microseconds);
            }

            if (kind == ResponseKind.RateLimited && !hasRetryAfter)
            {
                _rateLimitedWithoutRetryAfter++;
            }

            if (kind == ResponseKind.RateLimited || ResponseKinds.PassedLimiter(status))
            {
                _limiter.Add(new LimiterEvent(sentAt.TotalSeconds, ResponseKinds.PassedLimiter(status)));
            }
        }
    }

    public long Count(ResponseKind kind)
    {
        lock (_lock)
        {
            return _kinds[(int)kind];
        }
    }

    /// <summary>How many answers had each status code (0: no answer), so that a run can tell a 502 from a 500.</summary>
    public IReadOnlyDictionary<int, long> Statuses()
    {
        lock (_lock)
        {
            return new Dictionary<int, long>(_statuses);
        }
    }

    /// <summary>Every request that reached the limiter, in the order they were sent.</summary>
    public IReadOnlyList<LimiterEvent> LimiterEvents()
    {
        lock (_lock)
        {
            return _limiter.OrderBy(e => e.SentSeconds).ToList();
        }
    }

    /// <summary>This endpoint's row, with throughput over <paramref name="elapsed"/>.</summary>
    public EndpointSummary Summarise(TimeSpan elapsed)
    {
        lock (_lock)
        {
            return Summary(Endpoint, [this], elapsed);
        }
    }

    /// <summary>The row of several endpoints together (the report's total).</summary>
    public static EndpointSummary Total(string name, IReadOnlyList<EndpointStats> endpoints, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        foreach (var endpoint in endpoints)
        {
            endpoint._lock.Enter();
        }

        try
        {
            return Summary(name, endpoints, elapsed);
        }
        finally
        {
            foreach (var endpoint in endpoints)
            {
                endpoint._lock.Exit();
            }
        }
    }

    private static EndpointSummary Summary(string name, IReadOnlyList<EndpointStats> endpoints, TimeSpan elapsed)
    {
        var histogram = new LongHistogram(HighestMicroseconds, 3);
        foreach (var endpoint in endpoints)
        {
            histogram.Add(endpoint._served);
        }

        long Sum(ResponseKind kind) => endpoints.Sum(e => e._kinds[(int)kind]);
        var served = histogram.TotalCount;
        var requests = endpoints.Sum(e => e._kinds.Sum());
        static double Ms(long microseconds) => microseconds / 1000.0;
        double At(double percentile) => served == 0 ? 0 : Ms(histogram.GetValueAtPercentile(percentile));
        return new EndpointSummary(
            name,
            requests,
            elapsed > TimeSpan.Zero ? requests / elapsed.TotalSeconds : 0,
            served == 0 ? 0 : Ms(endpoints.Sum(e => e._sumMicroseconds)) / served,
            served == 0 ? 0 : Ms(endpoints.Min(e => e._minMicroseconds)),
            At(50),
            At(95),
            At(99),
            served == 0 ? 0 : Ms(endpoints.Max(e => e._maxMicroseconds)),
            Sum(ResponseKind.Ok),
            Sum(ResponseKind.Conflict),
            Sum(ResponseKind.RateLimited),
            endpoints.Sum(e => e._rateLimitedWithoutRetryAfter),
            Sum(ResponseKind.ClientError),
            Sum(ResponseKind.ServerError),
            Sum(ResponseKind.NoAnswer));
    }
}
