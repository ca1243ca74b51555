using RagMemory.Keywords;
using RagMemory.Keywords.Embedded;

namespace RagMemory.Tests.Keywords;

public sealed class MatchExpressionTests
{
    [Fact]
    public void QuestionWordsAndStopWords_AreLeftOutOfTheQuery() =>
        Assert.Equal("\"similarity\" OR \"laws\" OR \"obeyed\"", Fts5KeywordIndex.ToMatchExpression("What similarity laws must be obeyed?", dropStopWords: true));

    [Fact]
    public void AQueryOfStopWordsOnly_KeepsItsWords() =>
        Assert.Equal("\"what\" OR \"is\" OR \"it\"", Fts5KeywordIndex.ToMatchExpression("what is it", dropStopWords: true));

    [Fact]
    public void WithoutDropping_EveryTermIsQuotedAndOred() =>
        Assert.Equal("\"what\" OR \"is\" OR \"a\" OR \"wing\"", Fts5KeywordIndex.ToMatchExpression("What is a \"wing\"?"));
}
