using RagMemory.RateLimiting;

namespace RagMemory.Tests.Engines.Contracts;

/// <summary>What every <see cref="IRateLimitSettingsStore"/> adapter must do; a second <see cref="OpenStore"/> stands for a restart or another replica.</summary>
public abstract class RateLimitSettingsContract : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    protected abstract IRateLimitSettingsStore OpenStore();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Nothing_is_overridden_until_an_admin_changes_a_limit()
    {
        Assert.Empty(await OpenStore().ReadOverridesAsync());
        Assert.Empty(await OpenStore().AuditAsync(10));
    }

    [Fact]
    public async Task The_latest_change_of_a_policy_is_its_override_for_every_store_opened_after_it()
    {
        var store = OpenStore();
        await store.SaveAsync(new RateLimitChange(RateLimitPolicies.Search, 100, 60, 5, 30, "root", Start));
        await store.SaveAsync(new RateLimitChange(RateLimitPolicies.Search, 5, 30, 7, 10, "root", Start.AddSeconds(1)));
        await store.SaveAsync(new RateLimitChange(RateLimitPolicies.Ingest, 10, 60, 1, 60, "root", Start.AddSeconds(2)));

        var overrides = await OpenStore().ReadOverridesAsync();

        Assert.Equal(2, overrides.Count);
        Assert.Equal((7, 10), (overrides["SEARCH"].PermitLimit, overrides["search"].WindowSeconds));
        Assert.Equal((1, 60), (overrides[RateLimitPolicies.Ingest].PermitLimit, overrides[RateLimitPolicies.Ingest].WindowSeconds));
    }

    [Fact]
    public async Task Every_change_is_in_the_audit_trail_newest_first_up_to_the_limit()
    {
        var store = OpenStore();
        for (var i = 1; i <= 4; i++)
        {
            await store.SaveAsync(new RateLimitChange(RateLimitPolicies.GraphRead, i, 60, i + 1, 60, $"admin{i}", Start.AddSeconds(i)));
        }

        var audit = await OpenStore().AuditAsync(3);

        Assert.Equal(["admin4", "admin3", "admin2"], audit.Select(c => c.ChangedBy));
        Assert.Equal(new RateLimitChange(RateLimitPolicies.GraphRead, 4, 60, 5, 60, "admin4", Start.AddSeconds(4)), audit[0]);
    }
}
