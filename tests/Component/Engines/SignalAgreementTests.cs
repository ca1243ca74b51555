using RagMemory.Search;

namespace RagMemory.Tests.Engines;

public sealed class SignalAgreementTests
{
    private static RecordId[] Ids(params int[] ids) => [.. ids.Select(i => RecordId.FromInteger(i))];

    [Fact]
    public void A_signal_counts_one_plus_the_share_of_its_top_events_another_signal_also_has()
    {
        var agreement = SignalAgreement.Of(Ids(1, 2, 3, 4), Ids(1, 2), Ids(9));

        Assert.Equal(1.5, agreement.Keyword);
        Assert.Equal(2, agreement.Vector);
        Assert.Equal(1, agreement.Graph);
    }

    [Fact]
    public void An_empty_signal_counts_once_and_makes_no_other_signal_count_more()
    {
        var agreement = SignalAgreement.Of(Ids(1, 2), Ids(3, 4), []);

        Assert.Equal(SignalAgreement.None, agreement);
    }

    [Fact]
    public void Only_the_first_distinct_events_up_to_the_depth_are_compared()
    {
        // The vector signal holds event 1 twice and 0 only past the depth, so the keyword signal's 0 finds no partner.
        var vector = Ids([1, 1, .. Enumerable.Range(100, SignalAgreement.Depth - 1), 0]);

        var agreement = SignalAgreement.Of(Ids(1, 0), vector, []);

        Assert.Equal(1.5, agreement.Keyword);
        Assert.Equal(1 + (1.0 / SignalAgreement.Depth), agreement.Vector);
    }
}
