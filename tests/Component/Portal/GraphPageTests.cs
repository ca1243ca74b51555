using AngleSharp.Dom;
using Bunit;
using RagMemory.Identity;
using RagMemory.Portal.Components.Pages;

namespace RagMemory.Tests.Portal;

[Collection(PortalTestGroup.Name)]
public sealed class GraphPageTests : PortalTestContext
{
    private const string Engine = "Ada Lovelace worked with Charles Babbage on the Analytical Engine.";
    private const string Notes = "Ada Lovelace translated the notes of Luigi Menabrea.";
    private const string Bananas = "Bananas grow in Ecuador.";

    public GraphPageTests(EmbedderFixture embedder)
        : base(embedder)
    {
        // Graph reads spend the signed-in person's graph-read permits, as the API's graph routes do.
        SignIn("analyst", Permissions.Read);
    }

    [Fact]
    public async Task Finding_an_entity_by_name_shows_that_node_only()
    {
        await Memory.RememberAsync("engine", Engine);
        var cut = Render<GraphBrowser>();

        Find(cut, "Entity", "name", "Ada Lovelace");

        cut.WaitForAssertion(() =>
        {
            var node = Assert.Single(cut.FindAll("[data-testid=graph-node]"));
            Assert.Equal("Entity Ada Lovelace", node.GetAttribute("aria-label"));
            Assert.Contains("Ada Lovelace", node.TextContent, StringComparison.Ordinal);
        }, Patience);
        Assert.Empty(cut.FindAll("[data-testid=graph-edge]"));
    }

    [Fact]
    public async Task Clicking_a_node_merges_its_event_and_co_occurring_entities_with_their_relationships()
    {
        var (cut, ada) = await ShowAdaAsync("[data-testid=graph-node]");
        var adaId = ada.GetAttribute("data-node-id");

        ada.Click();

        cut.WaitForAssertion(() =>
        {
            var names = cut.FindAll("[data-testid=graph-node]").Select(n => n.GetAttribute("aria-label")).ToList();
            Assert.Contains("Entity Ada Lovelace", names);
            Assert.Contains("Entity Charles Babbage", names);
            Assert.Contains("Entity Analytical Engine", names);
            Assert.Contains("Event engine", names);
            var edges = cut.FindAll("[data-testid=graph-edge]");
            var eventId = NodeId(cut, "Event engine");
            var babbageId = NodeId(cut, "Entity Charles Babbage");
            Assert.Contains(edges, e => e.GetAttribute("data-type") == "MENTIONS" && Joins(e, eventId, adaId));
            Assert.Contains(edges, e => e.GetAttribute("data-type") == "CO_OCCURS_WITH" && Joins(e, babbageId, adaId));
            Assert.All(edges, e => Assert.Equal(e.GetAttribute("data-type"), e.QuerySelector("title")!.TextContent));
        }, Patience);
    }

    [Fact]
    public async Task Expanding_keeps_the_position_of_the_node_already_shown()
    {
        var (cut, before) = await ShowAdaAsync("[data-testid=graph-node] circle");
        var (x, y) = (before.GetAttribute("cx"), before.GetAttribute("cy"));

        cut.Find("[data-testid=graph-node]").Click();

        cut.WaitForAssertion(() =>
        {
            Assert.True(cut.FindAll("[data-testid=graph-node]").Count > 1);
            var after = cut.Find($"[data-testid=graph-node][data-node-id='{NodeId(cut, "Entity Ada Lovelace")}'] circle");
            Assert.Equal(x, after.GetAttribute("cx"));
            Assert.Equal(y, after.GetAttribute("cy"));
        }, Patience);
    }

    [Fact]
    public async Task Selecting_an_entity_shows_its_properties_and_the_events_that_mention_it()
    {
        await Memory.RememberAsync("engine", Engine);
        await Memory.RememberAsync("notes", Notes);
        await Memory.RememberAsync("bananas", Bananas);
        var cut = Render<GraphBrowser>();
        Find(cut, "Entity", "name", "Ada Lovelace");

        cut.WaitForElement("[data-testid=graph-node]", Patience).Click();

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("Entity · Ada Lovelace", cut.Find("[data-testid=node-title]").TextContent.Trim());
            var name = cut.Find("[data-testid=node-property][data-name=name]");
            Assert.Equal("Ada Lovelace", name.Children[1].TextContent);
            var mentions = cut.FindAll("[data-testid=mention]");
            Assert.Equal<string>(["engine", "notes"], [.. mentions.Select(m => m.GetAttribute("data-event-id") ?? "").Order(StringComparer.Ordinal)]);
            Assert.All(mentions, m => Assert.Equal("/search?q=Ada%20Lovelace", m.GetAttribute("href")));
        }, Patience);
    }

    [Fact]
    public async Task Copy_writes_the_selected_node_as_json_to_the_clipboard()
    {
        var (cut, ada) = await ShowAdaAsync("[data-testid=graph-node]");
        ada.Click();

        cut.WaitForElement("[data-testid=node-copy]", Patience).Click();

        cut.WaitForAssertion(() =>
        {
            var invocation = Assert.Single(JSInterop.Invocations, i => i.Identifier == "navigator.clipboard.writeText");
            var json = Assert.IsType<string>(invocation.Arguments[0]);
            Assert.Contains("\"name\": \"Ada Lovelace\"", json, StringComparison.Ordinal);
            Assert.Contains("\"label\": \"Entity\"", json, StringComparison.Ordinal);
        }, Patience);
    }

    [Fact]
    public async Task No_match_shows_the_empty_state()
    {
        await Memory.RememberAsync("engine", Engine);
        var cut = Render<GraphBrowser>();

        Find(cut, "Entity", "name", "Grace Hopper");

        cut.WaitForAssertion(() => Assert.Contains("Grace Hopper", cut.Find("[data-testid=graph-empty]").TextContent, StringComparison.Ordinal), Patience);
        Assert.Empty(cut.FindAll("[data-testid=graph-node]"));
        Assert.Empty(cut.FindAll("[data-testid=graph-error]"));
    }

    [Fact]
    public void Before_a_search_the_page_explains_how_to_start()
    {
        var cut = Render<GraphBrowser>();

        Assert.NotNull(cut.Find("[data-testid=graph-hint]"));
        Assert.Empty(cut.FindAll("[data-testid=graph-empty]"));
    }

    [Fact]
    public void An_invalid_label_shows_a_400_problem_naming_the_label()
    {
        var cut = Render<GraphBrowser>();

        Find(cut, "no spaces", "name", "x");

        cut.WaitForAssertion(() => Assert.StartsWith("400 · 'label'", cut.Find("[data-testid=graph-error]").TextContent.Trim(), StringComparison.Ordinal), Patience);
        Assert.Empty(cut.FindAll("[data-testid=graph-empty]"));
    }

    [Fact]
    public async Task Zoom_and_pan_buttons_move_the_view_box_and_reset_frames_the_nodes_again()
    {
        var (cut, _) = await ShowAdaAsync("[data-testid=graph-node]");
        var framed = ViewBoxOf(cut);

        cut.Find("button[aria-label='Zoom in']").Click();
        var zoomed = ViewBoxOf(cut);
        Assert.Equal(framed.Width / 1.25, zoomed.Width, 3);
        Assert.Equal(framed.X + ((framed.Width - zoomed.Width) / 2), zoomed.X, 3);

        cut.Find("button[aria-label='Pan right']").Click();
        Assert.Equal(zoomed.X + (0.2 * zoomed.Width), ViewBoxOf(cut).X, 3);

        cut.Find("button[aria-label='Reset view']").Click();
        Assert.Equal(framed, ViewBoxOf(cut));
    }

    [Fact]
    public async Task Finding_a_node_frames_it_with_room_for_its_label_on_the_right()
    {
        await Memory.RememberAsync("engine", Engine);
        var cut = Render<GraphBrowser>();

        Find(cut, "Entity", "name", "Ada Lovelace");

        var node = cut.WaitForElement("[data-testid=graph-node] circle", Patience);
        var view = ViewBoxOf(cut);
        var x = double.Parse(node.GetAttribute("cx")!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(x, view.X + (view.Width / 4), view.X + (view.Width / 2));
        Assert.Equal(view.Y + (view.Height / 2), double.Parse(node.GetAttribute("cy")!, System.Globalization.CultureInfo.InvariantCulture), 0);
    }

    [Fact]
    public async Task The_canvas_gestures_are_attached_through_the_pages_script_module()
    {
        await Memory.RememberAsync("engine", Engine);
        var module = JSInterop.SetupModule("./Components/Pages/GraphBrowser.razor.js");
        module.SetupModule(invocation => invocation.Identifier == "attach");
        var cut = Render<GraphBrowser>();

        Find(cut, "Entity", "name", "Ada Lovelace");

        cut.WaitForAssertion(() => Assert.Single(module.Invocations["attach"]), Patience);
    }

    [Fact]
    public async Task Dragging_a_node_moves_it_and_an_expansion_keeps_it_where_it_was_dropped()
    {
        var (cut, ada) = await ShowAdaAsync("[data-testid=graph-node]");
        var adaId = ada.GetAttribute("data-node-id")!;

        await cut.InvokeAsync(() => cut.Instance.MoveNode(adaId, 123.5, 456.25));
        Assert.Equal(("123.5", "456.25"), Centre(cut, adaId));

        cut.Find("[data-testid=graph-node]").Click();
        cut.WaitForAssertion(() => Assert.True(cut.FindAll("[data-testid=graph-node]").Count > 1), Patience);
        Assert.Equal(("123.5", "456.25"), Centre(cut, adaId));

        await cut.InvokeAsync(() => cut.Instance.MoveNode(adaId, -50, 5000));
        Assert.Equal(("30", "670"), Centre(cut, adaId));
    }

    [Fact]
    public async Task Dragging_the_background_pans_and_the_wheel_zooms()
    {
        var (cut, _) = await ShowAdaAsync("[data-testid=graph-node]");

        var framed = ViewBoxOf(cut);
        await cut.InvokeAsync(() => cut.Instance.PanBy(40, -20));
        Assert.Equal((framed.X + 40, framed.Y - 20), (ViewBoxOf(cut).X, ViewBoxOf(cut).Y));

        await cut.InvokeAsync(() => cut.Instance.ZoomBy(0.5));
        Assert.Equal(framed.Width * 2, ViewBoxOf(cut).Width, 3);
    }

    private static (string? X, string? Y) Centre(IRenderedComponent<GraphBrowser> cut, string nodeId)
    {
        var circle = cut.Find($"[data-testid=graph-node][data-node-id='{nodeId}'] circle");
        return (circle.GetAttribute("cx"), circle.GetAttribute("cy"));
    }

    /// <summary>The page once it has found Ada Lovelace in the engine text, with the element of her node a test needs.</summary>
    private async Task<(IRenderedComponent<GraphBrowser> Cut, IElement Element)> ShowAdaAsync(string selector)
    {
        await Memory.RememberAsync("engine", Engine);
        var cut = Render<GraphBrowser>();
        Find(cut, "Entity", "name", "Ada Lovelace");
        return (cut, cut.WaitForElement(selector, Patience));
    }

    private static void Find(IRenderedComponent<GraphBrowser> cut, string label, string property, string value)
    {
        cut.Find("#graph-label").Input(label);
        cut.Find("#graph-property-name").Input(property);
        cut.Find("#graph-property-value").Input(value);
        cut.Find("form").Submit();
    }

    private static string? NodeId(IRenderedComponent<GraphBrowser> cut, string ariaLabel) =>
        cut.FindAll("[data-testid=graph-node]").Single(n => n.GetAttribute("aria-label") == ariaLabel).GetAttribute("data-node-id");

    private static bool Joins(IElement edge, string? a, string? b) =>
        (edge.GetAttribute("data-from") == a && edge.GetAttribute("data-to") == b) ||
        (edge.GetAttribute("data-from") == b && edge.GetAttribute("data-to") == a);

    private static (double X, double Y, double Width, double Height) ViewBoxOf(IRenderedComponent<GraphBrowser> cut)
    {
        var parts = cut.Find("[data-testid=graph-canvas]").GetAttribute("viewBox")!.Split(' ')
            .Select(p => double.Parse(p, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return (parts[0], parts[1], parts[2], parts[3]);
    }
}
