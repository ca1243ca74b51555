namespace RagMemory.Portal.Components.Ingestion;

/// <summary>Events finished per second over a sliding window, from successive readings of the queue's done count.</summary>
public sealed class QueueThroughput(TimeSpan window)
{
    private readonly Queue<(DateTimeOffset At, long Done)> _readings = new();

    /// <summary>Records a reading and returns the rate over the readings still inside the window; 0 until there are two.</summary>
    public double Add(DateTimeOffset at, long done)
    {
        _readings.Enqueue((at, done));
        while (_readings.Count > 2 && at - _readings.Peek().At > window)
        {
            _readings.Dequeue();
        }

        var (firstAt, firstDone) = _readings.Peek();
        var seconds = (at - firstAt).TotalSeconds;
        return seconds <= 0 ? 0 : Math.Max(0, done - firstDone) / seconds;
    }
}
