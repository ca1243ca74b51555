using Microsoft.Extensions.Time.Testing;

namespace RagMemory.Tests.Portal;

/// <summary>
/// The pages' clock: a fake one that a test moves by hand to drive a page's refresh timer, and that counts the timers
/// still running, so a test can see that a disposed page stopped its own.
/// </summary>
public sealed class PageClock() : FakeTimeProvider(DateTimeOffset.UtcNow)
{
    private int _runningTimers;

    public int RunningTimers => Volatile.Read(ref _runningTimers);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref _runningTimers);
        return new CountedTimer(base.CreateTimer(callback, state, dueTime, period), this);
    }

    private sealed class CountedTimer(ITimer timer, PageClock clock) : ITimer
    {
        private int _disposed;

        public bool Change(TimeSpan dueTime, TimeSpan period) => timer.Change(dueTime, period);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                Interlocked.Decrement(ref clock._runningTimers);
            }

            timer.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
