using RagMemory.LoadTest.Measuring;
using RagMemory.LoadTest.Reporting;

namespace RagMemory.Tests.LoadTest;

public sealed class WindowCheckTests
{
    [Fact]
    public void Requests_are_counted_in_windows_from_the_first_one_sent()
    {
        LimiterEvent[] events = [new(5.0, true), new(5.5, true), new(6, false), new(64.9, false), new(65.0, true), new(130, true)];

        var windows = WindowCheck.Count(events, 60);

        Assert.Equal([new WindowCount(0, 2, 2), new WindowCount(1, 1, 0), new WindowCount(2, 1, 0)], windows);
    }

    [Fact]
    public void It_holds_when_full_windows_passed_exactly_the_limit_and_others_less() =>
        Assert.True(WindowCheck.Holds([new(0, 10, 35), new(1, 10, 2), new(2, 7, 0)], permitLimit: 10));

    [Fact]
    public void It_fails_when_a_window_passed_more_than_the_limit() =>
        Assert.False(WindowCheck.Holds([new(0, 11, 5)], permitLimit: 10));

    [Fact]
    public void It_fails_when_a_window_refused_requests_before_its_limit_was_spent() =>
        Assert.False(WindowCheck.Holds([new(0, 10, 0), new(1, 9, 1)], permitLimit: 10));

    [Fact]
    public void No_requests_make_no_windows() =>
        Assert.Empty(WindowCheck.Count([], 60));
}
