using System.Globalization;
using System.Text.RegularExpressions;
using RagMemory.Tests.E2E.Infrastructure;
using RagMemory.Tests.E2E.Pages;
using static Microsoft.Playwright.Assertions;

namespace RagMemory.Tests.E2E;

[Collection(PortalCollection.Name)]
public sealed class GraphJourneyTests(PortalFixture fixture, ITestOutputHelper output)
{
    [Fact]
    public async Task An_analyst_finds_an_entity_expands_its_neighbours_inspects_it_and_drags_it()
    {
        await using var session = await fixture.StartSessionAsync(nameof(An_analyst_finds_an_entity_expands_its_neighbours_inspects_it_and_drags_it), output);
        using var api = await PortalApi.SignInAsync(fixture.BaseAddress);
        var eventId = $"graph-{Guid.NewGuid():N}"[..18];
        await api.IngestAsync(eventId, "Grace Hopper worked with Howard Aiken on the Harvard Mark I computer.", TimeSpan.FromMinutes(2));
        var page = session.Page;
        var graph = new GraphPage(page);

        await session.SignInAsync();

        await session.StepAsync("node-found", async () =>
        {
            await graph.GotoAsync();
            await graph.WaitUntilInteractiveAsync();
            await graph.FindAsync("Entity", "name", "Howard Aiken");
            await Expect(graph.Nodes).ToHaveCountAsync(1);
        });

        await session.StepAsync("node-expanded", async () =>
        {
            await graph.Node("Entity Howard Aiken").ClickAsync();
            await Expect(graph.Node("Entity Grace Hopper")).ToBeVisibleAsync();
            await Expect(graph.Node($"Event {eventId}")).ToBeVisibleAsync();
            Assert.True(await graph.Edges.CountAsync() >= 2, "Expanding should draw the relationships to the neighbours.");
            await Expect(graph.NodePanel).ToContainTextAsync("Howard Aiken");
            await Expect(graph.NodePanel).ToContainTextAsync(eventId);
        });

        await session.StepAsync("node-dragged", async () =>
        {
            var circle = graph.Node("Entity Grace Hopper").Locator("circle");
            var before = await circle.GetAttributeAsync("cx");
            var box = (await circle.BoundingBoxAsync())!;
            await page.Mouse.MoveAsync(box.X + (box.Width / 2), box.Y + (box.Height / 2));
            await page.Mouse.DownAsync();
            await page.Mouse.MoveAsync(box.X + 60, box.Y + 40, new() { Steps = 8 });
            await page.Mouse.UpAsync();
            await Expect(circle).Not.ToHaveAttributeAsync("cx", before!);
        });

        await session.StepAsync("canvas-zoomed", async () =>
        {
            var viewBox = await graph.Canvas.GetAttributeAsync("viewBox");
            await graph.Canvas.HoverAsync();
            await page.Mouse.WheelAsync(0, -300);
            await Expect(graph.Canvas).Not.ToHaveAttributeAsync("viewBox", viewBox!);
            var width = double.Parse((await graph.Canvas.GetAttributeAsync("viewBox"))!.Split(' ')[2], CultureInfo.InvariantCulture);
            Assert.True(width < 1000, $"Turning the wheel up should zoom in; the view is {width} wide.");
        });
    }
}
