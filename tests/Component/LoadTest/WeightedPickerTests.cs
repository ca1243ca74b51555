using RagMemory.LoadTest.Scenarios;

namespace RagMemory.Tests.LoadTest;

public sealed class WeightedPickerTests
{
    private static readonly WeightedPicker Seed = new(ScenarioCatalog.Seed());

    [Theory]
    [InlineData(0, "vector_search")]
    [InlineData(9, "vector_search")]
    [InlineData(10, "graph_search")]
    [InlineData(14, "graph_search")]
    [InlineData(15, "ingest")]
    [InlineData(17, "ingest")]
    [InlineData(18, "upsert")]
    [InlineData(19, "upsert")]
    [InlineData(20, "create_node")]
    public void PickAt_gives_each_task_a_share_of_tickets_as_wide_as_its_weight(int ticket, string expected) =>
        Assert.Equal(expected, Seed.PickAt(ticket).Name);

    [Fact]
    public void The_seed_scenario_weighs_10_5_3_2_1_out_of_21() =>
        Assert.Equal(21, Seed.TotalWeight);

    [Fact]
    public void Pick_draws_tasks_in_proportion_to_their_weights()
    {
        var random = new Random(7);
        var counts = Enumerable.Range(0, 210_000).Select(_ => Seed.Pick(random).Name).CountBy(name => name).ToDictionary();

        // Each count within 5 standard deviations of draws × weight / 21 (about 1 % for the smallest task).
        foreach (var task in ScenarioCatalog.Seed())
        {
            var share = task.Weight / 21.0;
            var spread = 5 * Math.Sqrt(210_000 * share * (1 - share));
            Assert.InRange(counts[task.Name], (210_000 * share) - spread, (210_000 * share) + spread);
        }
    }

    [Fact]
    public void A_task_without_weight_is_refused() =>
        Assert.Throws<ArgumentException>(() => new WeightedPicker([ScenarioCatalog.VectorSearch(0)]));

    [Fact]
    public void A_ticket_outside_the_total_weight_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Seed.PickAt(21));
}
