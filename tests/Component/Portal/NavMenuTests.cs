using Bunit;
using RagMemory.Identity;
using RagMemory.Portal.Components.Layout;

namespace RagMemory.Tests.Portal;

[Collection(PortalTestGroup.Name)]
public sealed class NavMenuTests(EmbedderFixture embedder) : PortalTestContext(embedder)
{
    [Fact]
    public void A_reader_sees_search_and_graph_but_not_ingest()
    {
        SignIn("reader", Permissions.Read);

        var cut = Render<NavMenu>();

        Assert.Equal<string>(["/search", "/graph-browser", "/documents", "/api-reference"], AppLinks(cut));
    }

    [Fact]
    public void A_writer_sees_search_graph_and_ingest()
    {
        SignIn("writer", Permissions.Read, Permissions.Write);

        var cut = Render<NavMenu>();

        Assert.Equal<string>(["/search", "/graph-browser", "/documents", "/ingestion", "/api-reference"], AppLinks(cut));
    }

    [Fact]
    public void A_user_without_permissions_sees_neither()
    {
        SignIn("nobody");

        var cut = Render<NavMenu>();

        Assert.Equal<string>(["/api-reference"], AppLinks(cut));
    }

    private static List<string> AppLinks(IRenderedComponent<NavMenu> cut) =>
        [.. cut.FindAll("a[href]").Select(a => a.GetAttribute("href")!)];
}
