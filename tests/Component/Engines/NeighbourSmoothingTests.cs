using RagMemory.Search;

namespace RagMemory.Tests.Engines;

public sealed class NeighbourSmoothingTests
{
    [Fact]
    public void Each_document_gains_the_weighted_mean_of_its_neighbours_similarity_times_their_score()
    {
        // 0 and 1 point the same way, 2 is orthogonal to both: only 0 and 1 lend each other their scores.
        var smoothed = NeighbourSmoothing.Smooth([3, 2, 1], [[1, 0], [1, 0], [0, 1]], 1);

        Assert.Equal([3 + (2 / 2.0), 2 + (3 / 2.0), 1], smoothed);
    }

    [Fact]
    public void A_document_like_the_well_placed_ones_overtakes_an_outlier_above_it()
    {
        float[] topic = [1, 0];
        var smoothed = NeighbourSmoothing.Smooth([1.0, 0.9, 0.8], [topic, [0, 1], topic], 0.5);

        Assert.True(smoothed[2] > smoothed[1]);
    }

    [Fact]
    public void A_document_without_a_vector_neither_gains_nor_lends()
    {
        var smoothed = NeighbourSmoothing.Smooth([3, 2, 1], [[1, 0], null, [1, 0]], 1);

        Assert.Equal([3 + 1, 2, 1 + 3], smoothed);
    }

    [Fact]
    public void No_weight_or_a_single_vector_leaves_the_scores_alone()
    {
        IReadOnlyList<double> scores = [2, 1];

        Assert.Same(scores, NeighbourSmoothing.Smooth(scores, [[1, 0], [1, 0]], 0));
        Assert.Same(scores, NeighbourSmoothing.Smooth(scores, [[1, 0], null], 1));
        Assert.Throws<ArgumentException>(() => NeighbourSmoothing.Smooth(scores, [[1, 0]], 1));
    }
}
