using Microsoft.Playwright;

namespace RagMemory.Tests.E2E.Pages;

/// <summary>Hybrid search with its answer (streamed, with a Stop button) and citations.</summary>
public sealed class SearchPage(IPage page) : BasePage(page)
{
    public override string PagePath => "/search";

    public ILocator Query => Page.Locator("#search-query");

    public ILocator SearchButton => Page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Search", Exact = true });

    public ILocator Results => Page.GetByTestId("result");

    public ILocator Answer => Page.GetByTestId("answer-text");

    public ILocator Citations => Page.GetByTestId("citations");

    public ILocator AnswerStop => Page.GetByTestId("answer-stop");

    public ILocator AnswerStopped => Page.GetByTestId("answer-stopped");

    public ILocator AnswerModel => Page.GetByTestId("answer-model");

    public ILocator Error => Page.GetByTestId("search-error");

    public ILocator CitationLinks => Page.GetByTestId("citation-link");

    public ILocator SourceEvent => Page.GetByTestId("source-event");

    public ILocator SourcePassage => SourceEvent.GetByTestId("source-passage");

    public ILocator ResultFor(string eventId) => Results.Filter(new LocatorFilterOptions { HasText = $"Event {eventId}" });

    public async Task SearchAsync(string query)
    {
        await Query.FillAsync(query);
        await SearchButton.ClickAsync();
    }
}
