using Microsoft.Extensions.Hosting;

namespace RagMemory.RateLimiting;

/// <summary>Requests a policy permitted and rejected during one sampling interval ending at <see cref="At"/>.</summary>
public sealed record RateLimitSample(DateTimeOffset At, long Permitted, long Rejected);

/// <summary>
/// The last 15 minutes of each policy's traffic, sampled from the registry's counters every two seconds for as long as
/// the process runs, so that a chart opened now shows what happened before it was opened.
/// </summary>
public sealed class RateLimitHistory(RateLimitRegistry registry, TimeProvider time) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    public static readonly TimeSpan Span = TimeSpan.FromMinutes(15);

    public static readonly int Capacity = (int)(Span / Interval);

    private readonly Dictionary<string, Queue<RateLimitSample>> _samples = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, RateLimitSnapshot> _previous = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();

    /// <summary>A policy's samples, oldest first; empty until two readings have been taken.</summary>
    public IReadOnlyList<RateLimitSample> Of(string policy)
    {
        lock (_gate)
        {
            return _samples.TryGetValue(policy, out var samples) ? [.. samples] : [];
        }
    }

    /// <summary>Takes one reading of every policy's counters and records the change since the last one.</summary>
    public void Sample()
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            foreach (var snapshot in registry.Snapshot())
            {
                if (_previous.TryGetValue(snapshot.Name, out var previous))
                {
                    if (!_samples.TryGetValue(snapshot.Name, out var samples))
                    {
                        _samples[snapshot.Name] = samples = new Queue<RateLimitSample>(Capacity);
                    }

                    samples.Enqueue(new RateLimitSample(now, snapshot.Permitted - previous.Permitted, snapshot.Rejected - previous.Rejected));
                    while (samples.Count > Capacity)
                    {
                        samples.Dequeue();
                    }
                }

                _previous[snapshot.Name] = snapshot;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        Sample();
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                Sample();
            }
        }
        catch (OperationCanceledException)
        {
            // The host is stopping.
        }
    }
}
