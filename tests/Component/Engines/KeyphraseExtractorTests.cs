using RagMemory.Graph;

namespace RagMemory.Tests.Engines;

public sealed class KeyphraseExtractorTests
{
    [Fact]
    public void Extract_takes_two_and_three_word_stretches_between_stop_words_and_punctuation()
    {
        var phrases = KeyphraseExtractor.Extract("experimental investigation of the aerodynamics of a wing in a slipstream.");

        Assert.Equal(["experimental investigation"], phrases);
    }

    [Fact]
    public void Extract_finds_phrases_in_lower_case_technical_text()
    {
        var phrases = KeyphraseExtractor.Extract("the laminar boundary layer on a flat plate: heat transfer coefficient measured.");

        Assert.Contains("laminar boundary layer", phrases);
        Assert.Contains("boundary layer", phrases);
        Assert.Contains("flat plate", phrases);
        Assert.Contains("heat transfer coefficient", phrases);
        Assert.DoesNotContain(phrases, p => p.Contains("plate heat", StringComparison.Ordinal));
    }

    [Fact]
    public void Extract_merges_plurals_and_puts_the_most_repeated_first()
    {
        var phrases = KeyphraseExtractor.Extract("Shock waves hit. A shock wave reflects; shock waves again. Flat plates bend.");

        Assert.Equal("shock wave", phrases[0]);
        Assert.Contains("flat plate", phrases);
        Assert.Single(phrases, p => p == "shock wave");
    }

    [Fact]
    public void Extract_keeps_no_single_words_numbers_or_stop_words()
    {
        Assert.Empty(KeyphraseExtractor.Extract("It was obtained in 1958 and the results are shown."));
        Assert.Empty(KeyphraseExtractor.Extract(""));
    }

    [Fact]
    public void Extract_keeps_at_most_the_cap()
    {
        var text = string.Join(". ", Enumerable.Range(0, 200).Select(i => $"alpha{i} beta{i}"));

        Assert.Equal(KeyphraseExtractor.MaxPhrasesPerText, KeyphraseExtractor.Extract(text).Count);
    }

    [Fact]
    public void Query_phrases_match_what_extraction_wrote_for_the_same_words()
    {
        var written = KeyphraseExtractor.Extract("measurements of laminar boundary layers in supersonic flows");

        var asked = KeyphraseExtractor.QueryPhrases("what is known about laminar boundary layers?");

        Assert.Contains("laminar boundary layer", asked);
        Assert.Contains("laminar boundary layer", written);
    }

    [Fact]
    public void Ingestion_extracts_no_phrases_but_queries_carry_them()
    {
        var graph = EntityExtractor.Extract("Ada Lovelace met Charles Babbage about the difference engine design.");

        Assert.Empty(graph.Phrases);
        Assert.Contains("difference engine", EntityExtractor.QueryPhrases("who built the difference engines"));
    }
}
