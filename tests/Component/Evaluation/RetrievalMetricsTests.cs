using RagMemory.Evaluation;

namespace RagMemory.Tests.Evaluation;

public sealed class RetrievalMetricsTests
{
    // Gains as Cranfield grades map to them: grade 1 -> 4, grade 2 -> 3, grade 4 -> 1.
    private static readonly Dictionary<string, int> Gains = new() { ["a"] = 4, ["b"] = 3, ["c"] = 1 };

    [Fact]
    public void NdcgAt10_IdealOrder_IsOne() =>
        Assert.Equal(1.0, RetrievalMetrics.NdcgAt(10, ["a", "b", "c"], Gains), 10);

    [Fact]
    public void NdcgAt10_GradedGainsOutOfOrder_MatchesHandComputedValue()
    {
        // Ranking x, b, a: DCG = 0/log2(2) + 3/log2(3) + 4/log2(4) = 1.892789 + 2 = 3.892789
        // Ideal a, b, c:   IDCG = 4/1 + 3/log2(3) + 1/log2(4) = 4 + 1.892789 + 0.5 = 6.392789; nDCG = 0.608934
        var expected = (3 / Math.Log2(3) + 2) / (4 + 3 / Math.Log2(3) + 0.5);
        Assert.Equal(expected, RetrievalMetrics.NdcgAt(10, ["x", "b", "a"], Gains), 10);
        Assert.Equal(0.608934, RetrievalMetrics.NdcgAt(10, ["x", "b", "a"], Gains), 5);
    }

    [Fact]
    public void NdcgAtK_CountsOnlyTheFirstKRanks()
    {
        // Only x and y are in the top 2: nothing relevant, so 0, although a follows.
        Assert.Equal(0.0, RetrievalMetrics.NdcgAt(2, ["x", "y", "a"], Gains));
    }

    [Fact]
    public void NdcgAtK_IdealIsCutAtK()
    {
        // k = 1: ideal is the single best gain (4); ranking b first gives 3 / 4.
        Assert.Equal(0.75, RetrievalMetrics.NdcgAt(1, ["b"], Gains), 10);
    }

    [Fact]
    public void ReciprocalRank_IsOneOverTheRankOfTheFirstRelevant() =>
        Assert.Equal(1.0 / 3, RetrievalMetrics.ReciprocalRankAt(10, ["x", "y", "c", "a"], Gains), 10);

    [Fact]
    public void ReciprocalRank_NoRelevantWithinK_IsZero() =>
        Assert.Equal(0.0, RetrievalMetrics.ReciprocalRankAt(2, ["x", "y", "a"], Gains));

    [Fact]
    public void Recall_IsTheShareOfRelevantDocumentsFoundWithinK()
    {
        Assert.Equal(2.0 / 3, RetrievalMetrics.RecallAt(100, ["a", "x", "c"], Gains), 10);
        Assert.Equal(1.0 / 3, RetrievalMetrics.RecallAt(2, ["a", "x", "c"], Gains), 10);
    }

    [Fact]
    public void Rollup_KeepsEachDocumentAtItsBestChunk() =>
        Assert.Equal(["d2", "d1", "d3"], DocumentRollup.ByBestChunk(["d2", "d1", "d2", "d3", "d1"]));

    [Theory]
    [InlineData(1, 4)]
    [InlineData(2, 3)]
    [InlineData(3, 2)]
    [InlineData(4, 1)]
    [InlineData(-1, 0)]
    [InlineData(5, 0)]
    public void CranfieldGrades_MapToFiveMinusGrade(int grade, int gain) =>
        Assert.Equal(gain, GradeScale.InverseOneToFour.ToGain(grade));
}
