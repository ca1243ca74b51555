namespace RagMemory.LoadTest.Scenarios;

/// <summary>Picks a task with probability weight / total weight, as locust's <c>@task(weight)</c> does.</summary>
public sealed class WeightedPicker
{
    private readonly IReadOnlyList<LoadTask> _tasks;
    private readonly int[] _upperBounds;

    public WeightedPicker(IReadOnlyList<LoadTask> tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        if (tasks.Count == 0 || tasks.Any(t => t.Weight < 1))
        {
            throw new ArgumentException("A scenario needs at least one task, each with a weight of 1 or more.", nameof(tasks));
        }

        _tasks = tasks;
        _upperBounds = new int[tasks.Count];
        var total = 0;
        for (var i = 0; i < tasks.Count; i++)
        {
            total += tasks[i].Weight;
            _upperBounds[i] = total;
        }

        TotalWeight = total;
    }

    public int TotalWeight { get; }

    public LoadTask Pick(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return PickAt(random.Next(TotalWeight));
    }

    /// <summary>The task whose share of [0, <see cref="TotalWeight"/>) holds <paramref name="ticket"/>.</summary>
    public LoadTask PickAt(int ticket)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ticket);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(ticket, TotalWeight);
        var index = Array.BinarySearch(_upperBounds, ticket + 1);
        return _tasks[index >= 0 ? index : ~index];
    }
}
