namespace RagMemory.LoadTest.Scheduling;

/// <summary>A wait drawn uniformly between <see cref="Min"/> and <see cref="Max"/>, as locust's <c>between(1, 3)</c>.</summary>
public sealed record ThinkTime(TimeSpan Min, TimeSpan Max)
{
    public static ThinkTime None { get; } = new(TimeSpan.Zero, TimeSpan.Zero);

    public TimeSpan Next(Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return Min + ((Max - Min) * random.NextDouble());
    }
}
