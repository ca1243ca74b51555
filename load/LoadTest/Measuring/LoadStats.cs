using System.Collections.Concurrent;
using RagMemory.LoadTest.Scenarios;

namespace RagMemory.LoadTest.Measuring;

/// <summary>The endpoints of one run, in the order they first answered, and the running totals the progress line shows.</summary>
public sealed class LoadStats
{
    private readonly ConcurrentDictionary<string, EndpointStats> _endpoints = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();
    private long _requests;

    public long Requests => Interlocked.Read(ref _requests);

    public EndpointStats For(LoadTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return For(task.Name, task.Policy);
    }

    public EndpointStats For(string endpoint, string policy) => _endpoints.GetOrAdd(endpoint, name =>
    {
        _order.Enqueue(name);
        return new EndpointStats(name, policy);
    });

    public void Record(EndpointStats endpoint, TimeSpan sentAt, TimeSpan latency, int status, bool hasRetryAfter)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        endpoint.Record(sentAt, latency, status, hasRetryAfter);
        Interlocked.Increment(ref _requests);
    }

    public IReadOnlyList<EndpointStats> Endpoints => _order.Distinct().Select(name => _endpoints[name]).ToList();

    public long Count(ResponseKind kind) => Endpoints.Sum(e => e.Count(kind));
}
