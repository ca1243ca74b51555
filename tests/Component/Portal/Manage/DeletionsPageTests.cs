using Bunit;
using RagMemory.Ingestion;
using RagMemory.Namespaces;
using RagMemory.Portal.Components.Pages.Admin;

namespace RagMemory.Tests.Portal.Manage;

[Collection(PortalTestGroup.Name)]
public sealed class DeletionsPageTests(EmbedderFixture embedder) : ManagePageTestContext(embedder)
{
    [Fact]
    public void With_nothing_deleted_the_page_says_so()
    {
        var cut = Render<Deletions>();

        cut.WaitForElement("[data-testid=no-deletions]", Patience);
    }

    [Fact]
    public async Task Deleted_events_of_every_namespace_are_listed_newest_first_with_who_deleted_them()
    {
        var research = MemoryNamespace.Parse("research");
        await Memory.IngestAsync("first", "Grace Hopper built a compiler.");
        await Memory.IngestAsync("second", "Ada Lovelace wrote a program.", ns: research);
        var deletion = Memory.Get<EventDeletion>();
        await deletion.DeleteAsync(MemoryNamespace.Default, RecordId.FromString("first"), "grace");
        await deletion.DeleteAsync(research, RecordId.FromString("second"), "ada");

        var cut = Render<Deletions>();

        cut.WaitForAssertion(() =>
        {
            var rows = cut.FindAll("[data-testid=deletion]");
            Assert.Equal(["second", "first"], rows.Select(r => r.GetAttribute("data-event-id")));
            Assert.Equal(["research", "second", "ada"], rows[0].QuerySelectorAll("td").Take(3).Select(td => td.TextContent.Trim()));
            Assert.Equal(["default", "first", "grace"], rows[1].QuerySelectorAll("td").Take(3).Select(td => td.TextContent.Trim()));
        }, Patience);
    }

    [Fact]
    public async Task A_limit_out_of_range_shows_a_400_and_a_smaller_one_keeps_the_newest()
    {
        foreach (var id in new[] { "one", "two" })
        {
            await Memory.IngestAsync(id, $"Event {id}.");
            await Memory.Get<EventDeletion>().DeleteAsync(MemoryNamespace.Default, RecordId.FromString(id), Administrator);
        }

        var cut = Render<Deletions>();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=deletion]").Count), Patience);

        cut.Find("#deletions-limit").Change("0");
        cut.Find("form").Submit();
        cut.WaitForAssertion(() => Assert.StartsWith("400", cut.Find("[data-testid=deletions-error]").TextContent.Trim(), StringComparison.Ordinal), Patience);

        cut.Find("#deletions-limit").Change("1");
        cut.Find("form").Submit();
        cut.WaitForAssertion(() => Assert.Equal(["two"], cut.FindAll("[data-testid=deletion]").Select(r => r.GetAttribute("data-event-id"))), Patience);
        Assert.Empty(cut.FindAll("[data-testid=deletions-error]"));
    }
}
