using Bunit;
using MudBlazor;
using RagMemory.Identity;
using RagMemory.Ingestion;
using RagMemory.Keywords;
using RagMemory.Namespaces;
using RagMemory.Portal.Components.Documents;
using RagMemory.Portal.Components.Pages;

namespace RagMemory.Tests.Portal;

[Collection(PortalTestGroup.Name)]
public sealed class DocumentsPageTests : PortalTestContext
{
    public DocumentsPageTests(EmbedderFixture embedder)
        : base(embedder) => SignIn("editor", Permissions.Read, Permissions.Write);

    [Fact]
    public async Task The_page_lists_the_documents_newest_first_with_state_and_length()
    {
        await Memory.IngestAsync("older", "Grace Hopper built a compiler.", new() { ["team"] = "history" });
        await Memory.IngestAsync("newer", "Ada Lovelace wrote a program.");

        var cut = Render<Documents>();

        cut.WaitForAssertion(() =>
        {
            var rows = cut.FindAll("[data-testid=document]");
            Assert.Equal(["newer", "older"], rows.Select(r => r.GetAttribute("data-event-id")));
            Assert.Contains("done", rows[1].TextContent, StringComparison.Ordinal);
            Assert.Contains("Grace Hopper built a compiler.".Length.ToString(System.Globalization.CultureInfo.InvariantCulture), rows[1].TextContent, StringComparison.Ordinal);
            Assert.Contains("history", rows[1].TextContent, StringComparison.Ordinal);
        }, Patience);
    }

    [Fact]
    public async Task A_metadata_filter_keeps_only_the_matching_documents_and_bad_json_shows_a_400()
    {
        await Memory.IngestAsync("kept", "Grace Hopper built a compiler.", new() { ["team"] = "history" });
        await Memory.IngestAsync("other", "Ada Lovelace wrote a program.", new() { ["team"] = "maths" });
        var cut = Render<Documents>();
        cut.WaitForElement("[data-testid=document]", Patience);

        cut.Find("#documents-metadata").Change("{\"team\": \"history\"}");
        cut.Find("form").Submit();
        cut.WaitForAssertion(() => Assert.Equal(["kept"], cut.FindAll("[data-testid=document]").Select(r => r.GetAttribute("data-event-id"))), Patience);

        cut.Find("#documents-metadata").Change("{not json");
        cut.Find("form").Submit();
        cut.WaitForAssertion(() => Assert.StartsWith("400 · 'metadata' is not valid JSON", cut.Find("[data-testid=documents-error]").TextContent.Trim(), StringComparison.Ordinal), Patience);
    }

    [Fact]
    public async Task Deleting_asks_first_and_then_forgets_the_document_everywhere()
    {
        await Memory.IngestAsync("doomed", "Katherine Johnson computed orbits.");
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<Documents>();
        cut.WaitForElement("[aria-label='Delete doomed']", Patience);

        cut.Find("[aria-label='Delete doomed']").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("cannot be undone", dialogs.Markup, StringComparison.Ordinal));
        Assert.NotNull(await Memory.Get<IngestionService>().FindStatusAsync(MemoryNamespace.Default, RecordId.FromString("doomed")));
        dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Delete").Click();

        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=document]")), Patience);
        Assert.Null(await Memory.Get<IngestionService>().FindStatusAsync(MemoryNamespace.Default, RecordId.FromString("doomed")));
        Assert.Empty(await Memory.Get<IKeywordIndex>().GetChunksAsync(MemoryNamespace.Default, [RecordId.FromString("doomed")]));
    }

    [Fact]
    public async Task Cancelling_the_confirmation_keeps_the_document()
    {
        await Memory.IngestAsync("spared", "Dorothy Vaughan taught FORTRAN.");
        var dialogs = Render<MudDialogProvider>();
        var cut = Render<Documents>();
        cut.WaitForElement("[aria-label='Delete spared']", Patience);

        cut.Find("[aria-label='Delete spared']").Click();
        dialogs.WaitForAssertion(() => dialogs.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click());

        Assert.NotNull(await Memory.Get<IngestionService>().FindStatusAsync(MemoryNamespace.Default, RecordId.FromString("spared")));
        Assert.Single(cut.FindAll("[data-testid=document]"));
    }

    [Fact]
    public async Task Opening_a_document_shows_its_text()
    {
        await Memory.IngestAsync("opened", "Mary Jackson became an engineer.");
        var cut = Render<Documents>();
        cut.WaitForElement("[aria-label='Open event opened']", Patience);

        cut.Find("[aria-label='Open event opened']").Click();

        cut.WaitForAssertion(() => Assert.Equal("Mary Jackson became an engineer.", cut.Find("[data-testid=source-text]").TextContent.Trim()), Patience);
    }

    [Fact]
    public async Task Pages_go_forward_and_back_through_more_documents_than_one_page_holds()
    {
        var ingestion = Memory.Get<IngestionService>();
        for (var i = 0; i < DocumentPages.PageSize + 3; i++)
        {
            await ingestion.SubmitAsync(MemoryNamespace.Default, RecordId.FromString($"doc-{i:D2}"), $"Document number {i}.", null);
        }

        var pages = new DocumentPages(ingestion);
        await pages.LoadFirstAsync();
        Assert.Equal(DocumentPages.PageSize, pages.Current!.Events.Count);
        Assert.True(pages.HasNext);
        Assert.False(pages.HasPrevious);

        await pages.NextAsync();
        Assert.Equal(3, pages.Current.Events.Count);
        Assert.Equal(2, pages.Number);
        Assert.False(pages.HasNext);

        await pages.PreviousAsync();
        Assert.Equal(DocumentPages.PageSize, pages.Current.Events.Count);
        Assert.Equal(1, pages.Number);
    }

    [Fact]
    public void Only_a_dead_letter_can_be_reingested()
    {
        var at = DateTimeOffset.UnixEpoch;
        Assert.True(EventActions.CanReingest(new IngestStatus(RecordId.FromString("x"), IngestStates.DeadLettered, 3, "boom", at, at)));
        Assert.All(IngestStates.All.Where(s => s != IngestStates.DeadLettered), s => Assert.False(EventActions.CanReingest(new IngestStatus(RecordId.FromString("x"), s, 1, null, at, at))));
    }
}
