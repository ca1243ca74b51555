using Bunit;
using RagMemory.Identity;
using RagMemory.Tests.Engines.OpenAi;
using SearchPage = RagMemory.Portal.Components.Pages.Search;

namespace RagMemory.Tests.Portal;

/// <summary>
/// The Search page's answer panel with <c>Engines:Answers=OpenAi</c>, against <see cref="OpenAiCompatibleTestDouble"/>:
/// the answer shows as the model streams it, can be stopped, and is written from the filtered results shown.
/// </summary>
[Collection(PortalTestGroup.Name)]
public sealed class OpenAiAnswerPanelTests : PortalTestContext, IClassFixture<OpenAiCompatibleTestDoubleFixture>
{
    private const string Lovelace = "Ada Lovelace wrote the first program for the Analytical Engine.";
    private const string Question = "Who wrote a program for the Analytical Engine?";
    private readonly OpenAiCompatibleTestDouble _model;

    public OpenAiAnswerPanelTests(EmbedderFixture embedder, OpenAiCompatibleTestDoubleFixture model)
        : base(embedder)
    {
        _model = model.Model;
        _model.Reset();
        SignIn("analyst", Permissions.Read);
    }

    protected override IReadOnlyDictionary<string, string?> MemorySettings => _model.Settings();

    [Fact]
    public async Task The_answer_shows_as_the_model_writes_it_then_its_citations_model_and_usage()
    {
        await Memory.RememberAsync("lovelace", Lovelace);
        _model.HoldStreams = true;
        Navigation.NavigateTo("/search?q=" + Uri.EscapeDataString(Question));

        var cut = Render<SearchPage>();

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("The first ", cut.Find("[data-testid=answer-text]").TextContent);
            Assert.NotEmpty(cut.FindAll("[data-testid=answer-stop]"));
            Assert.Empty(cut.FindAll("[data-testid=citations]"));
        }, Patience);
        _model.ReleaseStreams();
        cut.WaitForAssertion(() =>
        {
            Assert.Equal("The first passage answers it [1].", cut.Find("[data-testid=answer-text]").TextContent);
            Assert.Equal(["Event lovelace"], cut.FindAll("[data-testid=citation-link]").Select(l => l.TextContent));
            var model = cut.Find("[data-testid=answer-model]").TextContent;
            Assert.Contains(OpenAiCompatibleTestDouble.ChatModel, model, StringComparison.Ordinal);
            Assert.Contains("tokens in, 6 out", model, StringComparison.Ordinal);
            Assert.Empty(cut.FindAll("[data-testid=answer-stop]"));
        }, Patience);
    }

    [Fact]
    public async Task Stop_ends_the_answer_where_it_was_and_closes_the_models_stream()
    {
        await Memory.RememberAsync("lovelace", Lovelace);
        _model.HoldStreams = true;
        Navigation.NavigateTo("/search?q=" + Uri.EscapeDataString(Question));
        var cut = Render<SearchPage>();
        cut.WaitForElement("[data-testid=answer-stop]", Patience);
        cut.WaitForAssertion(() => Assert.Equal("The first ", cut.Find("[data-testid=answer-text]").TextContent), Patience);

        cut.Find("[data-testid=answer-stop]").Click();

        cut.WaitForAssertion(() =>
        {
            Assert.NotEmpty(cut.FindAll("[data-testid=answer-stopped]"));
            Assert.Empty(cut.FindAll("[data-testid=answer-stop]"));
            Assert.Empty(cut.FindAll("[data-testid=answer-error]"));
            Assert.Equal("The first ", cut.Find("[data-testid=answer-text]").TextContent);
        }, Patience);
        // The double counts the abort on its own thread; no render follows it, so bUnit's wait (which re-checks on
        // renders) cannot see it: poll instead.
        var deadline = DateTime.UtcNow + Patience;
        while (_model.AbortedStreams == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        Assert.Equal(1, _model.AbortedStreams);
    }

    [Fact]
    public async Task The_answer_is_written_from_the_filtered_results_the_page_shows()
    {
        await Memory.IngestAsync("lovelace", Lovelace, new() { ["team"] = "history" });
        await Memory.IngestAsync("babbage", "Charles Babbage designed the Analytical Engine.", new() { ["team"] = "engineering" });
        Navigation.NavigateTo($"/search?q={Uri.EscapeDataString(Question)}&metadata={Uri.EscapeDataString("""{"team":"engineering"}""")}");

        var cut = Render<SearchPage>();

        cut.WaitForAssertion(() => Assert.Equal(["Event babbage"], cut.FindAll("[data-testid=citation-link]").Select(l => l.TextContent)), Patience);
        var prompt = Assert.Single(_model.ChatRequests).Body["messages"]![1]!["content"]!.ToJsonString();
        Assert.Contains("Charles Babbage designed", prompt, StringComparison.Ordinal);
        Assert.DoesNotContain("Lovelace", prompt, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_model_that_is_down_shows_a_502_in_the_panel_and_keeps_the_results()
    {
        await Memory.RememberAsync("lovelace", Lovelace);
        _model.FailNext("chat/completions", 500, times: 5);
        Navigation.NavigateTo("/search?q=" + Uri.EscapeDataString(Question));

        var cut = Render<SearchPage>();

        cut.WaitForAssertion(() =>
        {
            Assert.StartsWith("502 · The answer_generator backend failed.", cut.Find("[data-testid=answer-error]").TextContent.Trim(), StringComparison.Ordinal);
            Assert.NotEmpty(cut.FindAll("[data-testid=result]"));
        }, Patience);
    }
}
