using Microsoft.AspNetCore.Components;
using RagMemory.Identity;

namespace RagMemory.Tests.Portal.Manage;

/// <summary>A portal test context signed in as an administrator, for the pages under /manage.</summary>
public abstract class ManagePageTestContext : PortalTestContext
{
    /// <summary>The signed-in administrator's name, which changes are attributed to.</summary>
    protected const string Administrator = "root";

    protected ManagePageTestContext(EmbedderFixture embedder)
        : base(embedder)
    {
        SignIn(Administrator, [.. Roles.PermissionsOf(Roles.Admin)]);
    }

    /// <summary>Opens the page, which starts one refresh timer, closes it, and checks that the timer is stopped.</summary>
    protected async Task AssertClosingStopsTheRefreshTimerAsync<TPage>()
        where TPage : IComponent
    {
        Render<TPage>();
        Assert.Equal(1, Clock.RunningTimers);

        await DisposeComponentsAsync();

        Assert.True(SpinWait.SpinUntil(() => Clock.RunningTimers == 0, Patience));
    }
}
