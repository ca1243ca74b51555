using RagMemory.Keywords;
using RagMemory.Search;

namespace RagMemory.Tests.Engines;

public sealed class KeywordFeedbackTests
{
    private static List<KeywordHit> Hits(params string[] texts) =>
        [.. texts.Select((text, i) => new KeywordHit(new KeywordDocument($"c{i}", RecordId.FromInteger(i), 0, text), texts.Length - i))];

    // Five top hits about nozzles, then candidates that share only the everyday words with them.
    private static readonly List<KeywordHit> NozzleHits = Hits(
        "supersonic nozzle flow with shock wave measured",
        "nozzle flow and shock wave in a diffuser",
        "shock wave reflection in nozzle flow",
        "tunnel design measured",
        "nozzle flow pressure measured",
        "wing measured in tunnel",
        "plate measured in tunnel",
        "cone measured in tunnel");

    [Fact]
    public void Expand_adds_terms_shared_by_the_top_hits_that_the_other_candidates_lack()
    {
        var expanded = KeywordFeedback.Expand("nozzle", NozzleHits, 2);

        Assert.Equal("nozzle flow shock", expanded);
    }

    [Fact]
    public void Expand_leaves_out_a_term_only_one_top_hit_holds_and_ranks_a_word_most_candidates_use_last()
    {
        var terms = KeywordFeedback.Expand("nozzle", NozzleHits, 20).Split(' ').Skip(1).ToList();

        Assert.DoesNotContain("supersonic", terms);
        Assert.DoesNotContain("reflection", terms);
        Assert.DoesNotContain("diffuser", terms);
        Assert.DoesNotContain("tunnel", terms);
        Assert.DoesNotContain("nozzle", terms);
        Assert.Equal(["flow", "shock", "wave", "measured"], terms);
    }

    [Fact]
    public void Expand_treats_a_plural_in_the_query_as_the_singular_the_hits_hold()
    {
        var terms = KeywordFeedback.Expand("shock waves in nozzles", NozzleHits, 20).Split(' ').Skip(4).ToList();

        Assert.DoesNotContain("wave", terms);
        Assert.DoesNotContain("nozzle", terms);
        Assert.Contains("flow", terms);
    }

    [Fact]
    public void Expand_returns_the_query_alone_when_the_hits_are_too_few_or_no_term_is_asked()
    {
        Assert.Equal("nozzle", KeywordFeedback.Expand("nozzle", NozzleHits.Take(KeywordFeedback.FeedbackDocuments).ToList(), 5));
        Assert.Equal("nozzle", KeywordFeedback.Expand("nozzle", NozzleHits, 0));
    }

    [Fact]
    public void Expand_over_ranked_texts_gives_what_it_gives_over_the_keyword_hits_holding_them()
    {
        var texts = NozzleHits.Select(h => h.Document.Text).ToList();

        Assert.Equal(KeywordFeedback.Expand("nozzle", NozzleHits, 3), KeywordFeedback.Expand("nozzle", texts, 3));
    }
}
