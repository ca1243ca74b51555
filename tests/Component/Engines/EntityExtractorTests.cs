using RagMemory.Graph;

namespace RagMemory.Tests.Engines;

public sealed class EntityExtractorTests
{
    [Fact]
    public void Extract_finds_runs_of_capitalised_words_as_entities()
    {
        var graph = EntityExtractor.Extract("Ada Lovelace worked with Charles Babbage on the Analytical Engine.");

        Assert.Equal(["Ada Lovelace", "Analytical Engine", "Charles Babbage"], graph.Entities.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Extract_finds_acronyms()
    {
        var graph = EntityExtractor.Extract("Engineers at NASA and ESA met in Houston.");

        Assert.Contains("NASA", graph.Entities);
        Assert.Contains("ESA", graph.Entities);
        Assert.Contains("Houston", graph.Entities);
    }

    [Theory]
    [InlineData("The Analytical Engine was never finished.", "Analytical Engine")]
    [InlineData("However, Charles Babbage kept drawing.", "Charles Babbage")]
    [InlineData("In London the fog was thick.", "London")]
    [InlineData("This Difference Engine weighed tons.", "Difference Engine")]
    public void Extract_drops_function_words_capitalised_only_because_they_start_a_sentence(string text, string expected)
    {
        Assert.Equal(expected, Assert.Single(EntityExtractor.Extract(text).Entities));
    }

    [Theory]
    [InlineData("The cat sat on the mat.")]
    [InlineData("However, it rained. Then it stopped.")]
    [InlineData("I think so.")]
    [InlineData("all lower case text without names")]
    [InlineData("")]
    public void Extract_finds_no_entity_in_text_without_names(string text)
    {
        Assert.Empty(EntityExtractor.Extract(text).Entities);
    }

    [Fact]
    public void Extract_links_entities_named_in_the_same_sentence()
    {
        var graph = EntityExtractor.Extract("Ada Lovelace corresponded with Charles Babbage. Alan Turing read her notes.");

        Assert.Equal([("Ada Lovelace", "Charles Babbage")], graph.CoOccurrences);
    }

    [Fact]
    public void Extract_links_every_pair_of_a_sentence_once_in_ordinal_order()
    {
        var graph = EntityExtractor.Extract("Grace Hopper, Alan Turing and Ada Lovelace never met. Alan Turing and Grace Hopper appear again here.");

        Assert.Equal(
            [("Ada Lovelace", "Alan Turing"), ("Ada Lovelace", "Grace Hopper"), ("Alan Turing", "Grace Hopper")],
            graph.CoOccurrences.Order());
    }

    [Fact]
    public void Extract_treats_a_line_break_as_a_sentence_boundary()
    {
        var graph = EntityExtractor.Extract("Marie Curie\nPierre Curie");

        Assert.Equal(2, graph.Entities.Count);
        Assert.Empty(graph.CoOccurrences);
    }

    [Fact]
    public void Extract_merges_names_that_differ_only_in_case()
    {
        var graph = EntityExtractor.Extract("NASA launched a probe. The probe was lost by Nasa.");

        Assert.Single(graph.Entities, e => e.Equals("nasa", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Extract_caps_the_number_of_entities_of_one_text()
    {
        var text = string.Join(". ", Enumerable.Range(0, 100).Select(i => $"Person{i} Name{i} arrived"));

        var graph = EntityExtractor.Extract(text);

        Assert.Equal(64, graph.Entities.Count);
    }

    [Fact]
    public void QueryPhrases_includes_entity_names_whatever_the_query_case()
    {
        var phrases = EntityExtractor.QueryPhrases("what did ada lovelace write");

        Assert.Contains("ada lovelace", phrases, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("lovelace", phrases, StringComparer.OrdinalIgnoreCase);
    }

    [Fact]
    public void QueryPhrases_drops_phrases_that_start_or_end_with_a_function_word()
    {
        var phrases = EntityExtractor.QueryPhrases("who is the Analytical Engine");

        Assert.Contains("Analytical Engine", phrases);
        Assert.DoesNotContain("who", phrases, StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain("the Analytical", phrases, StringComparer.OrdinalIgnoreCase);
        Assert.DoesNotContain("is the Analytical", phrases, StringComparer.OrdinalIgnoreCase);
    }
}
