using System.Text.RegularExpressions;
// Inside the namespace, "Search" would name the RagMemory.Search namespace rather than the page.
using Bunit;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using RagMemory.Engines;
using RagMemory.Identity;
using RagMemory.Namespaces;
using RagMemory.Search;
using RagMemory.Tests.Resilience;
using RagMemory.Vectors;
using RagMemory.Vectors.Embedded;
using SearchPage = RagMemory.Portal.Components.Pages.Search;

namespace RagMemory.Tests.Portal;

[Collection(PortalTestGroup.Name)]
public sealed partial class SearchPageTests : PortalTestContext
{
    public SearchPageTests(EmbedderFixture embedder)
        : base(embedder)
    {
        // Portal actions spend rate-limit permits as the signed-in person, as the API routes do.
        SignIn("analyst", Permissions.Read);
    }

    /// <summary>Counts the calls that reach the vector store (it never fails here): one per search.</summary>
    private readonly FaultSwitch _vectorStoreCalls = new();

    private const string Lovelace = "Ada Lovelace wrote the first program for the Analytical Engine.";
    private const string Bananas = "Bananas are rich in potassium and grow best in tropical climates.";
    private const string Question = "Who wrote a program for the Analytical Engine?";

    [Fact]
    public void Submitting_a_query_puts_it_in_the_url()
    {
        Navigation.NavigateTo("/search");
        var cut = Render<SearchPage>();

        cut.Find("#search-query").Input(Question);
        cut.Find("form").Submit();

        var uri = new Uri(Navigation.Uri);
        Assert.Equal("/search", uri.AbsolutePath);
        Assert.Equal(Question, QueryHelpers.ParseQuery(uri.Query)["q"].ToString());
    }

    [Fact]
    public async Task Submitting_a_query_runs_it_through_the_url()
    {
        await Memory.RememberAsync("lovelace", Lovelace);
        Navigation.NavigateTo("/search");
        var cut = Render<SearchPage>();

        cut.Find("#search-query").Input(Question);
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("Event lovelace", cut.Find("[data-testid=result]").TextContent, StringComparison.Ordinal), Patience);
    }

    [Fact]
    public async Task A_query_in_the_url_shows_the_ingested_event_first_with_every_signal_score()
    {
        await Memory.RememberAsync("lovelace", Lovelace);
        await Memory.RememberAsync("bananas", Bananas);
        OpenSearchAt(Question);

        var cut = Render<SearchPage>();

        cut.WaitForAssertion(() =>
        {
            var top = cut.FindAll("[data-testid=result]")[0];
            Assert.Contains("Event lovelace", top.TextContent, StringComparison.Ordinal);
            Assert.Contains(Lovelace, top.QuerySelector(".hit-text")!.TextContent, StringComparison.Ordinal);
            var scoredSignals = top.QuerySelectorAll(".mud-chip")
                .Select(chip => SignalChip().Match(chip.TextContent.Trim()))
                .Where(match => match.Success)
                .Select(match => match.Groups["signal"].Value);
            Assert.Equal<string>(["keyword", "vector", "graph"], scoredSignals);
        }, Patience);
    }

    [Fact]
    public async Task A_query_in_the_url_shows_an_answer_that_cites_the_ingested_event()
    {
        await Memory.RememberAsync("lovelace", Lovelace);
        await Memory.RememberAsync("bananas", Bananas);
        OpenSearchAt(Question);

        var cut = Render<SearchPage>();

        cut.WaitForAssertion(() =>
        {
            Assert.Contains("Analytical Engine", cut.Find("[data-testid=answer-text]").TextContent, StringComparison.Ordinal);
            var citations = cut.FindAll("[data-testid=citations] li").Select(li => li.TextContent).ToList();
            Assert.Contains(citations, c => c.Contains("Event lovelace", StringComparison.Ordinal) && c.Contains(Lovelace, StringComparison.Ordinal));
            Assert.DoesNotContain(citations, c => c.Contains("Event bananas", StringComparison.Ordinal));
        }, Patience);
    }

    [Fact]
    public void An_empty_memory_shows_the_no_results_text()
    {
        OpenSearchAt(Question);

        var cut = Render<SearchPage>();

        cut.WaitForAssertion(() => Assert.Contains(Question, cut.Find("[data-testid=no-results]").TextContent, StringComparison.Ordinal), Patience);
        Assert.Empty(cut.FindAll("[data-testid=result]"));
        Assert.Empty(cut.FindAll("[data-testid=search-error]"));
    }

    [Fact]
    public async Task Submitting_the_query_already_in_the_url_searches_again()
    {
        OpenSearchAt(Question);
        var cut = Render<SearchPage>();
        cut.WaitForElement("[data-testid=no-results]", Patience);

        await Memory.RememberAsync("lovelace", Lovelace);
        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.Contains("Event lovelace", cut.Find("[data-testid=result]").TextContent, StringComparison.Ordinal), Patience);
    }

    [Fact]
    public async Task A_query_over_2000_characters_shows_a_400_problem_naming_the_query()
    {
        await Memory.RememberAsync("lovelace", Lovelace);
        OpenSearchAt(new string('a', 2001));

        var cut = Render<SearchPage>();

        cut.WaitForAssertion(() =>
        {
            var alert = cut.Find("[data-testid=search-error]").TextContent;
            Assert.StartsWith("400 · 'query' must be at most 2000 characters", alert.Trim(), StringComparison.Ordinal);
        }, Patience);
        Assert.Empty(cut.FindAll("[data-testid=result]"));
        Assert.Empty(cut.FindAll("[data-testid=answer-panel]"));
    }

    [Fact]
    public void Submitting_an_empty_query_shows_a_400_problem_naming_the_query()
    {
        Navigation.NavigateTo("/search");
        var cut = Render<SearchPage>();

        cut.Find("form").Submit();

        cut.WaitForAssertion(() => Assert.StartsWith("400 · 'query' must not be empty. (correlation id ", cut.Find("[data-testid=search-error]").TextContent.Trim(), StringComparison.Ordinal), Patience);
    }

    [Fact]
    public async Task Words_of_the_query_are_marked_in_the_results()
    {
        await Memory.RememberAsync("lovelace", Lovelace);
        OpenSearchAt(Question);

        var cut = Render<SearchPage>();

        cut.WaitForAssertion(() =>
        {
            var marked = cut.Find("[data-testid=result] .hit-text").QuerySelectorAll("mark").Select(m => m.TextContent).ToList();
            Assert.Equal<string>(["wrote", "program", "Analytical", "Engine"], marked);
        }, Patience);
    }

    [Fact]
    public async Task A_metadata_filter_in_the_url_keeps_only_matching_events()
    {
        await Memory.IngestAsync("lovelace", Lovelace, new() { ["team"] = "history" });
        await Memory.IngestAsync("babbage", "Charles Babbage designed the Analytical Engine.", new() { ["team"] = "engineering" });
        Navigation.NavigateTo($"/search?q={Uri.EscapeDataString(Question)}&metadata={Uri.EscapeDataString("""{"team":"engineering"}""")}");

        var cut = Render<SearchPage>();

        cut.WaitForAssertion(() => Assert.Equal(["babbage"], cut.FindAll("[data-testid=result]").Select(r => r.GetAttribute("data-event-id"))), Patience);
        Assert.Equal("""{"team":"engineering"}""", cut.Find("#filter-metadata").GetAttribute("value"));
    }

    [Fact]
    public async Task The_answer_cites_only_the_filtered_results_and_the_query_is_searched_once()
    {
        await Memory.IngestAsync("lovelace", Lovelace, new() { ["team"] = "history" });
        await Memory.IngestAsync("babbage", "Charles Babbage designed the Analytical Engine.", new() { ["team"] = "engineering" });

        // One search of this query reads the chunk store more than once when the search gives feedback (a second
        // vector search); the page must cost what one search costs, not one for the results and one for the answer.
        _vectorStoreCalls.ResetCalls();
        var filter = ChunkFilter.From(new System.Text.Json.Nodes.JsonObject { ["team"] = "engineering" }, null, null);
        await Services.GetRequiredService<HybridSearchService>().SearchAsync(MemoryNamespace.Default, Question, 10, filter);
        var oneSearch = _vectorStoreCalls.Calls;
        Assert.True(oneSearch > 0);
        _vectorStoreCalls.ResetCalls();
        Navigation.NavigateTo($"/search?q={Uri.EscapeDataString(Question)}&metadata={Uri.EscapeDataString("""{"team":"engineering"}""")}");

        var cut = Render<SearchPage>();

        cut.WaitForAssertion(() =>
        {
            var citations = cut.FindAll("[data-testid=citation-link]").Select(link => link.TextContent).ToList();
            Assert.NotEmpty(citations);
            Assert.All(citations, c => Assert.Equal("Event babbage", c));
        }, Patience);
        Assert.Equal(["babbage"], cut.FindAll("[data-testid=result]").Select(r => r.GetAttribute("data-event-id")));
        Assert.Equal(oneSearch, _vectorStoreCalls.Calls);
    }

    [Fact]
    public async Task Filters_set_in_the_form_go_into_the_url_and_a_window_in_the_past_finds_nothing()
    {
        await Memory.IngestAsync("lovelace", Lovelace);
        Navigation.NavigateTo("/search");
        var cut = Render<SearchPage>();

        cut.Find("#search-query").Input(Question);
        cut.Find("#filter-before").Change("2001-01-01");
        cut.Find("form").Submit();

        var query = QueryHelpers.ParseQuery(new Uri(Navigation.Uri).Query);
        Assert.Equal("2001-01-01", query["before"].ToString());
        cut.WaitForAssertion(() => Assert.Contains("with these filters", cut.Find("[data-testid=no-results]").TextContent, StringComparison.Ordinal), Patience);
    }

    [Theory]
    [InlineData("metadata", "[1]", "400 · 'filter.metadata' must be a JSON object.")]
    [InlineData("after", "31/12/2025", "400 · 'filter.ingested_after' must be a date (yyyy-mm-dd).")]
    public void A_bad_filter_shows_a_400_problem_naming_it(string parameter, string value, string expected)
    {
        Navigation.NavigateTo($"/search?q=engine&{parameter}={Uri.EscapeDataString(value)}");

        var cut = Render<SearchPage>();

        cut.WaitForAssertion(() => Assert.StartsWith(expected, cut.Find("[data-testid=search-error]").TextContent.Trim(), StringComparison.Ordinal), Patience);
    }

    [Fact]
    public async Task A_citation_opens_its_source_event_with_the_passage_marked_and_escape_closes_it()
    {
        await Memory.IngestAsync("lovelace", Lovelace, new() { ["source"] = "biography" });
        OpenSearchAt(Question);
        var cut = Render<SearchPage>();
        cut.WaitForElement("[data-testid=citation-link]", Patience);

        cut.Find("[data-testid=citation-link]").Click();

        cut.WaitForAssertion(() =>
        {
            Assert.Contains("Event lovelace", cut.Find("[data-testid=source-event]").TextContent, StringComparison.Ordinal);
            Assert.Contains("done", cut.Find("[data-testid=source-status]").TextContent, StringComparison.Ordinal);
            Assert.Contains("biography", cut.Find("[data-testid=source-metadata]").TextContent, StringComparison.Ordinal);
            Assert.Equal(Lovelace, cut.Find("[data-testid=source-passage]").TextContent);
        });

        cut.Find("[data-testid=source-event]").KeyDown(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "Escape" });
        Assert.Empty(cut.FindAll("[data-testid=source-event]"));
    }

    [Fact]
    public async Task A_result_whose_event_did_not_come_through_the_queue_shows_a_404_when_opened()
    {
        await Memory.RememberAsync("direct", Lovelace);
        OpenSearchAt(Question);
        var cut = Render<SearchPage>();
        cut.WaitForElement("[data-testid=result]", Patience);

        cut.Find("[aria-label='Open event direct']").Click();

        cut.WaitForAssertion(() => Assert.StartsWith("404 · No ingestion event with id direct.", cut.Find("[data-testid=search-error]").TextContent.Trim(), StringComparison.Ordinal));
    }

    protected override void ConfigureMemory(IServiceCollection services) =>
        services.AddKeyedSingleton(EngineRegistration.Adapter, (sp, _) => TestFaultInjector<IChunkStore>.Wrap(sp.GetRequiredService<HnswSqliteChunkStore>(), _vectorStoreCalls));

    /// <summary>Puts the query in the URL, as a shared link or the browser's history does.</summary>
    private void OpenSearchAt(string query) => Navigation.NavigateTo("/search?q=" + Uri.EscapeDataString(query));

    /// <summary>A signal's chip that holds a score; a signal that did not find the hit shows a dash instead.</summary>
    [GeneratedRegex(@"^(?<signal>keyword|vector|graph) -?\d+[.,]\d{3}$")]
    private static partial Regex SignalChip();
}
