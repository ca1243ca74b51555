using RagMemory.Load;
using RagMemory.LoadTest;
using RagMemory.LoadTest.Scheduling;

namespace RagMemory.Tests.LoadTest;

public sealed class SchedulingTests
{
    [Fact]
    public void Ten_users_a_second_start_a_tenth_of_a_second_apart()
    {
        Assert.Equal(TimeSpan.Zero, Schedule.UserStart(0, 10));
        Assert.Equal(TimeSpan.FromSeconds(0.1), Schedule.UserStart(1, 10));
        Assert.Equal(TimeSpan.FromSeconds(9.9), Schedule.UserStart(99, 10));
    }

    [Fact]
    public void A_ramp_of_zero_starts_everyone_at_once() =>
        Assert.Equal(TimeSpan.Zero, Schedule.UserStart(50, 0));

    [Fact]
    public void An_open_loop_is_due_at_fixed_intervals_and_sends_rate_times_duration_requests()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(5), Schedule.ArrivalDue(1, 200));
        Assert.Equal(TimeSpan.FromSeconds(1), Schedule.ArrivalDue(200, 200));
        Assert.Equal(2000, Schedule.ArrivalsIn(TimeSpan.FromSeconds(10), 200));
        Assert.Equal(3, Schedule.ArrivalsIn(TimeSpan.FromSeconds(1), 2.5));
    }

    [Fact]
    public void Think_time_stays_between_its_bounds_and_covers_them()
    {
        var think = new ThinkTime(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
        var random = new Random(9);
        var waits = Enumerable.Range(0, 10_000).Select(_ => think.Next(random).TotalSeconds).ToList();

        Assert.All(waits, w => Assert.InRange(w, 1, 3));
        Assert.True(waits.Min() < 1.01 && waits.Max() > 2.99, $"min {waits.Min()}, max {waits.Max()}");
        Assert.InRange(waits.Average(), 1.97, 2.03);
    }

    [Fact]
    public void Closed_loop_has_no_think_time_whatever_the_options_say()
    {
        var settings = LoadCommands.Settings(new CommandLine(["search", "--mode", "closed", "--users", "4", "--think-min", "2s", "--think-max", "2s"]));

        Assert.Equal(LoadMode.Closed, settings.Mode);
        Assert.Equal(ThinkTime.None, settings.EffectiveThink);
    }

    [Fact]
    public void The_defaults_are_the_plans_scenario()
    {
        var settings = LoadCommands.Settings(new CommandLine(["seed"]));

        Assert.Equal(new LoadSettings(LoadMode.Users, 100, 10, TimeSpan.FromMinutes(5), new ThinkTime(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3))), settings);
    }

    [Fact]
    public void An_open_loop_without_a_rate_is_refused() =>
        Assert.Throws<ArgumentException>(() => LoadCommands.Settings(new CommandLine(["seed", "--mode", "open"])));

    [Theory]
    [InlineData("5m", 300)]
    [InlineData("30s", 30)]
    [InlineData("90", 90)]
    [InlineData("1.5s", 1.5)]
    [InlineData("250ms", 0.25)]
    [InlineData("1h", 3600)]
    public void Durations_read_as_locust_writes_them(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), DurationText.Parse(text));

    [Theory]
    [InlineData("five minutes")]
    [InlineData("-3s")]
    public void A_duration_that_is_not_one_says_how_to_write_it(string text)
    {
        var error = Assert.Throws<ArgumentException>(() => DurationText.Parse(text));
        Assert.Contains("90, 30s, 5m", error.Message, StringComparison.Ordinal);
    }
}
