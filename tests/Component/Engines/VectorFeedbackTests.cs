using System.Numerics.Tensors;
using RagMemory.Search;

namespace RagMemory.Tests.Engines;

public sealed class VectorFeedbackTests
{
    [Fact]
    public void Expand_moves_the_query_towards_the_mean_of_the_feedback_and_keeps_it_of_unit_length()
    {
        // q = x; feedback y and z at weight 1: q + (y + z) / 2 = (1, 0.5, 0.5), normalised.
        var moved = VectorFeedback.Expand([1, 0, 0], [[0, 1, 0], [0, 0, 1]], 1);

        var expected = new[] { 1f, 0.5f, 0.5f };
        TensorPrimitives.Divide(expected, TensorPrimitives.Norm(expected), expected);
        Assert.All(expected.Zip(moved), pair => Assert.Equal(pair.First, pair.Second, 5));
        Assert.Equal(1, TensorPrimitives.Norm(moved), 5);
    }

    [Fact]
    public void The_weight_sets_how_far_the_query_moves()
    {
        float[] query = [1, 0];
        var half = VectorFeedback.Expand(query, [[0, 1]], 0.5);
        var full = VectorFeedback.Expand(query, [[0, 1]], 1);

        Assert.True(half[1] < full[1]);
        Assert.Equal(full[0], full[1], 5);
    }

    [Fact]
    public void Each_feedback_vector_counts_at_unit_length()
    {
        var moved = VectorFeedback.Expand([1, 0, 0], [[0, 10, 0], [0, 0, 1]], 1);

        Assert.Equal(moved[1], moved[2], 5);
    }

    [Fact]
    public void No_feedback_no_weight_or_vectors_of_another_length_leave_the_query_alone()
    {
        float[] query = [0.6f, 0.8f];

        Assert.Same(query, VectorFeedback.Expand(query, [], 1));
        Assert.Same(query, VectorFeedback.Expand(query, [[1, 0]], 0));
        Assert.Same(query, VectorFeedback.Expand(query, [[1, 0, 0]], 1));
    }
}
