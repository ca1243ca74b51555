using RagMemory.Evaluation;

namespace RagMemory.Tests.Evaluation;

public sealed class CollectionReaderTests
{
    private const string SmartDocuments = """
        .I 1
        .T
        flow past a plate .
        .A
        someone,a.
        .B
        j. ae. 1958.
        .W
        flow past a plate .
          the boundary layer grows .
        .I 2
        .T
        heated wings
        .W
        heat transfer at high speed .
        """;

    // Query .I numbers skip (1, 5): the judgements count queries in file order, 1 and 2.
    private const string SmartQueries = """
        .I 001
        .W
        what is the boundary layer .
        .I 005
        .W
        heat transfer
        in wings .
        """;

    private const string SmartQrels = """
        1 1 2
        1 2 4
        2 2 1
        2 1 -1
        """;

    [Fact]
    public void Smart_ReadsDocumentsWithTitleAndText()
    {
        var collection = ReadSmart();
        Assert.Equal(["1", "2"], collection.Documents.Select(d => d.Id));
        Assert.Equal("flow past a plate .", collection.Documents[0].Title);
        Assert.Equal("flow past a plate .\n  the boundary layer grows .", collection.Documents[0].Body.ReplaceLineEndings("\n"));
        // The body of 1 starts with its title, so the indexed text is the body alone; 2's title is put first.
        Assert.Equal(collection.Documents[0].Body, collection.Documents[0].Text);
        Assert.Equal("heated wings\nheat transfer at high speed .", collection.Documents[1].Text.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Smart_NumbersQueriesInFileOrder()
    {
        var collection = ReadSmart();
        Assert.Equal(["1", "2"], collection.Queries.Select(q => q.Id));
        Assert.Equal("heat transfer\nin wings .", collection.Queries[1].Text.ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Smart_MapsGradesToGainsAndSkipsNoRelevanceLines()
    {
        var collection = ReadSmart();
        Assert.Equal(3, collection.Gains["1"]["1"]);
        Assert.Equal(1, collection.Gains["1"]["2"]);
        Assert.Equal(4, collection.Gains["2"]["2"]);
        Assert.False(collection.Gains["2"].ContainsKey("1"));
    }

    [Fact]
    public void Sample_KeepsTheFirstDocumentsAndOnlyTheQueriesJudgedAgainstThem()
    {
        var sample = ReadSmart().Sample(documents: 1, queries: 10);

        Assert.Equal(["1"], sample.Documents.Select(d => d.Id));
        // Query 2's only relevant document is 2, which is left out; query 1 keeps its judgement of document 1 alone.
        Assert.Equal(["1"], sample.JudgedQueries.Select(q => q.Id));
        Assert.Equal(["1"], sample.Gains["1"].Keys);
        Assert.Equal(["1"], ReadSmart().Sample(documents: 2, queries: 1).JudgedQueries.Select(q => q.Id));
    }

    [Fact]
    public void Beir_ReadsCorpusQueriesAndQrelsWithHeader()
    {
        const string corpus = """
            {"_id": "d1", "title": "Boundary layers", "text": "Flow near a wall."}
            {"_id": "d2", "text": "Heat transfer."}
            """;
        const string queries = """
            {"_id": "q1", "text": "wall flow"}
            {"_id": "q2", "text": "unjudged"}
            """;
        const string qrels = "query-id\tcorpus-id\tscore\nq1\td1\t2\nq1\td2\t0\n";

        var collection = BeirCollectionReader.Read("tiny", new StringReader(corpus), new StringReader(queries), new StringReader(qrels));

        Assert.Equal("Boundary layers\nFlow near a wall.", collection.Documents[0].Text);
        Assert.Equal("Heat transfer.", collection.Documents[1].Text);
        Assert.Equal(2, collection.Gains["q1"]["d1"]);
        Assert.False(collection.Gains["q1"].ContainsKey("d2"));
        Assert.Equal(["q1"], collection.JudgedQueries.Select(q => q.Id));
    }

    private static EvaluationCollection ReadSmart() =>
        SmartCollectionReader.Read("tiny", new StringReader(SmartDocuments), new StringReader(SmartQueries), new StringReader(SmartQrels), GradeScale.InverseOneToFour);
}
