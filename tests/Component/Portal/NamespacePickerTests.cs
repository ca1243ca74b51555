using Microsoft.Extensions.DependencyInjection;
using Bunit;
using RagMemory.Identity;
using RagMemory.Ingestion;
using RagMemory.Namespaces;
using RagMemory.Portal.Components.Namespaces;
using SearchPage = RagMemory.Portal.Components.Pages.Search;

namespace RagMemory.Tests.Portal;

/// <summary>The portal pages work in the namespace a person picks among those they may use, and show nothing of another.</summary>
[Collection(PortalTestGroup.Name)]
public sealed class NamespacePickerTests(EmbedderFixture embedder) : PortalTestContext(embedder)
{
    private static readonly MemoryNamespace TeamA = MemoryNamespace.Parse("team-a");

    [Fact]
    public async Task Search_in_a_granted_namespace_finds_its_events_and_none_of_another()
    {
        SignIn("analyst", new NamespaceGrants(["team-a"], []), Permissions.Read);
        await Memory.Get<IngestionPipeline>().ProcessAsync(TeamA, Engines.AcceptedEvents.Of(new IngestEvent(RecordId.FromString("ada-a"), "Ada Lovelace wrote the first program for the Analytical Engine.", [])));
        await Memory.RememberAsync("ada-default", "Ada Lovelace also wrote notes on the Analytical Engine in French.");
        Navigation.NavigateTo("/search?q=" + Uri.EscapeDataString("Who wrote a program for the Analytical Engine?"));

        var cut = Render<SearchPage>();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=result]")), Patience);
        Assert.All(cut.FindAll("[data-testid=result]"), r => Assert.DoesNotContain("ada-default", r.TextContent, StringComparison.Ordinal));
        Assert.Contains("Event ada-a", cut.Find("[data-testid=result]").TextContent, StringComparison.Ordinal);
        Assert.Equal("team-a", Services.GetRequiredService<NamespaceChoice>().Name);
    }

    [Fact]
    public void The_picker_offers_only_granted_namespaces_and_leaves_an_ungranted_pick()
    {
        SignIn("analyst", new NamespaceGrants(["team-a", "team-c"], []), Permissions.Read);
        var choice = Services.GetRequiredService<NamespaceChoice>();
        choice.Name = "team-b";

        Render<NamespacePicker>();

        Assert.Equal("team-a", choice.Name);
    }

    [Fact]
    public async Task A_namespace_the_person_may_not_write_is_refused_with_a_403_naming_it()
    {
        SignIn("analyst", new NamespaceGrants(["team-a"], ["team-a"]), Permissions.Read, Permissions.Write);
        var choice = Services.GetRequiredService<NamespaceChoice>();
        choice.Name = "team-b";

        var refused = await Assert.ThrowsAsync<RagMemory.Errors.ForbiddenException>(choice.ForWriteAsync);

        Assert.Equal("You may not write namespace 'team-b'.", refused.Message);
    }
}
