using RagMemory.Namespaces;
using RagMemory.Identity;

namespace RagMemory.Tests.Engines.Contracts;

/// <summary>
/// What every <see cref="IAccountRepository"/> adapter must do. A subclass gives each test its own durable storage;
/// <see cref="OpenRepository"/> opens a repository over it, and opening a second one stands for a process restart
/// (or another replica on the same storage).
/// </summary>
public abstract class AccountRepositoryContract : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    protected abstract IAccountRepository OpenRepository();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Namespaces_read_back_as_inserted_default_when_not_given_and_change_only_when_named()
    {
        var repository = OpenRepository();
        var teams = new NamespaceGrants(["team-a", "team-b"], ["team-a"]);
        await repository.InsertAsync(Stored("ns-teams") with { Account = Stored("ns-teams").Account with { Namespaces = teams } }, Audit("ns-teams", "created"));
        await repository.InsertAsync(Stored("ns-plain"), Audit("ns-plain", "created"));

        Assert.Equal(teams, (await OpenRepository().FindAsync("ns-teams"))!.Account.Namespaces);
        Assert.Equal(NamespaceGrants.Default, (await OpenRepository().FindAsync("ns-plain"))!.Account.Namespaces);

        await repository.UpdateAsync("ns-teams", new AccountChange("stamp-2", Roles: [Roles.Reader]), Audit("ns-teams", "roles reader"));
        Assert.Equal(teams, (await OpenRepository().FindAsync("ns-teams"))!.Account.Namespaces);

        await repository.UpdateAsync("ns-teams", new AccountChange("stamp-3", Namespaces: NamespaceGrants.Everything), Audit("ns-teams", "namespaces"));
        Assert.Equal(NamespaceGrants.Everything, (await OpenRepository().ListAsync()).Single(a => a.Username == "ns-teams").Namespaces);
    }

    [Fact]
    public async Task An_account_reads_back_as_inserted_in_any_letter_case_after_a_restart()
    {
        var inserted = Stored("Grace", [Roles.Reader, Roles.Writer]);
        Assert.True(await OpenRepository().InsertAsync(inserted, Audit("Grace", "created")));

        var found = await OpenRepository().FindAsync("grace");

        Assert.NotNull(found);
        Assert.Equal("Grace", found.Account.Username);
        Assert.Equal([Roles.Reader, Roles.Writer], found.Account.Roles);
        Assert.Equal(Start, found.Account.CreatedAt);
        Assert.Equal(inserted.Account.SecurityStamp, found.Account.SecurityStamp);
        Assert.Equal(inserted.PasswordHash, found.PasswordHash);
        Assert.False(found.Account.IsDisabled);
        Assert.Null(await OpenRepository().FindAsync("nobody"));
    }

    [Fact]
    public async Task A_taken_name_in_another_letter_case_is_refused_and_writes_nothing()
    {
        var repository = OpenRepository();
        await repository.InsertAsync(Stored("ada"), Audit("ada", "created"));

        Assert.False(await repository.InsertAsync(Stored("ADA") with { PasswordHash = "other" }, Audit("ADA", "created")));

        Assert.Equal("hash-of-ada", (await repository.FindAsync("ada"))!.PasswordHash);
        Assert.Single(await repository.AuditAsync(10));
    }

    [Fact]
    public async Task List_is_by_name_and_Any_says_whether_there_is_one()
    {
        var repository = OpenRepository();
        Assert.False(await repository.AnyAsync());
        Assert.Empty(await repository.ListAsync());

        await repository.InsertAsync(Stored("carol"), Audit("carol", "created"));
        await repository.InsertAsync(Stored("alice"), Audit("alice", "created"));
        await repository.InsertAsync(Stored("bob"), Audit("bob", "created"));

        Assert.True(await repository.AnyAsync());
        Assert.Equal(["alice", "bob", "carol"], (await repository.ListAsync()).Select(a => a.Username));
    }

    [Fact]
    public async Task An_update_changes_what_it_names_gives_a_new_stamp_ends_sessions_and_is_audited()
    {
        var repository = OpenRepository();
        await repository.InsertAsync(Stored("grace"), Audit("grace", "created"));
        await repository.StartSessionAsync(new AccountSession("s1", "grace", Start), Start.AddDays(-1));

        await repository.UpdateAsync("GRACE", new AccountChange("stamp-2", Roles: [Roles.Admin], PasswordHash: "hash-2"), Audit("grace", "roles admin; password reset", "root"));

        var found = (await OpenRepository().FindAsync("grace"))!;
        Assert.Equal([Roles.Admin], found.Account.Roles);
        Assert.Equal("hash-2", found.PasswordHash);
        Assert.Equal("stamp-2", found.Account.SecurityStamp);
        Assert.False(await repository.IsSessionOpenAsync("s1"));
        var audit = (await repository.AuditAsync(10))[0];
        Assert.Equal(("grace", "roles admin; password reset", "root"), (audit.Username, audit.Action, audit.DoneBy));
    }

    [Fact]
    public async Task An_update_of_the_stamp_alone_keeps_roles_and_password()
    {
        var repository = OpenRepository();
        await repository.InsertAsync(Stored("grace", [Roles.Writer]), Audit("grace", "created"));

        await repository.UpdateAsync("grace", new AccountChange("stamp-2"), Audit("grace", "signed out everywhere"));

        var found = (await repository.FindAsync("grace"))!;
        Assert.Equal([Roles.Writer], found.Account.Roles);
        Assert.Equal("hash-of-grace", found.PasswordHash);
        Assert.Equal("stamp-2", found.Account.SecurityStamp);
    }

    [Fact]
    public async Task Disabling_keeps_the_first_time_and_author_and_enabling_clears_them()
    {
        var repository = OpenRepository();
        await repository.InsertAsync(Stored("grace"), Audit("grace", "created"));

        await repository.UpdateAsync("grace", new AccountChange("s2", Disabled: true, At: Start.AddMinutes(1), By: "first"), Audit("grace", "disabled", "first"));
        await repository.UpdateAsync("grace", new AccountChange("s3", Disabled: true, At: Start.AddMinutes(2), By: "second"), Audit("grace", "disabled", "second"));
        var disabled = (await repository.FindAsync("grace"))!.Account;

        Assert.Equal(Start.AddMinutes(1), disabled.DisabledAt);
        Assert.Equal("first", disabled.DisabledBy);

        await repository.UpdateAsync("grace", new AccountChange("s4", Disabled: false), Audit("grace", "enabled"));
        var enabled = (await repository.FindAsync("grace"))!.Account;
        Assert.Null(enabled.DisabledAt);
        Assert.Null(enabled.DisabledBy);
    }

    [Fact]
    public async Task A_rehash_replaces_only_the_hash_it_was_computed_from()
    {
        var repository = OpenRepository();
        await repository.InsertAsync(Stored("grace"), Audit("grace", "created"));

        await repository.ReplacePasswordHashAsync("grace", "not-the-stored-hash", "lost");
        Assert.Equal("hash-of-grace", (await repository.FindAsync("grace"))!.PasswordHash);

        await repository.ReplacePasswordHashAsync("grace", "hash-of-grace", "stronger");
        var found = (await repository.FindAsync("grace"))!;
        Assert.Equal("stronger", found.PasswordHash);
        Assert.Equal("stamp-of-grace", found.Account.SecurityStamp);
    }

    [Fact]
    public async Task Delete_removes_the_account_and_its_sessions_and_the_audit_trail_stays()
    {
        var repository = OpenRepository();
        await repository.InsertAsync(Stored("grace"), Audit("grace", "created"));
        await repository.StartSessionAsync(new AccountSession("s1", "grace", Start), Start.AddDays(-1));

        await repository.DeleteAsync("Grace", Audit("grace", "deleted", "root"));

        Assert.Null(await repository.FindAsync("grace"));
        Assert.False(await repository.IsSessionOpenAsync("s1"));
        Assert.Equal(["deleted", "created"], (await OpenRepository().AuditAsync(10)).Select(e => e.Action));
    }

    [Fact]
    public async Task The_audit_trail_is_newest_first_up_to_the_limit_with_exact_times()
    {
        var repository = OpenRepository();
        for (var i = 0; i < 5; i++)
        {
            await repository.InsertAsync(Stored($"user{i}"), new AccountAuditEntry($"user{i}", "created", "root", Start.AddSeconds(i)));
        }

        var audit = await repository.AuditAsync(3);

        Assert.Equal(["user4", "user3", "user2"], audit.Select(e => e.Username));
        Assert.Equal(Start.AddSeconds(4), audit[0].DoneAt);
    }

    [Fact]
    public async Task Sessions_open_and_end_one_by_one_or_all_of_an_owner()
    {
        var repository = OpenRepository();
        await repository.StartSessionAsync(new AccountSession("a1", "ada", Start), Start.AddDays(-1));
        await repository.StartSessionAsync(new AccountSession("a2", "ada", Start), Start.AddDays(-1));
        await repository.StartSessionAsync(new AccountSession("p1", "oidc:someone", Start), Start.AddDays(-1));

        Assert.True(await OpenRepository().IsSessionOpenAsync("a1"));
        await repository.EndSessionAsync("a1");
        Assert.False(await repository.IsSessionOpenAsync("a1"));
        Assert.True(await repository.IsSessionOpenAsync("a2"));

        await repository.EndSessionsOfAsync("ada");
        Assert.False(await repository.IsSessionOpenAsync("a2"));
        Assert.True(await repository.IsSessionOpenAsync("p1"));
        Assert.False(await repository.IsSessionOpenAsync("never-started"));
    }

    [Fact]
    public async Task Starting_a_session_drops_those_no_cookie_can_still_use()
    {
        var repository = OpenRepository();
        await repository.StartSessionAsync(new AccountSession("old", "ada", Start), Start.AddDays(-1));

        await repository.StartSessionAsync(new AccountSession("new", "ada", Start.AddHours(9)), Start.AddHours(1));

        Assert.False(await repository.IsSessionOpenAsync("old"));
        Assert.True(await repository.IsSessionOpenAsync("new"));
    }

    private static StoredAccount Stored(string name, IReadOnlyList<string>? roles = null) =>
        new(new Account(name, roles ?? [Roles.Reader], Start, $"stamp-of-{name.ToLowerInvariant()}"), $"hash-of-{name.ToLowerInvariant()}");

    private static AccountAuditEntry Audit(string name, string action, string by = "system") => new(name, action, by, Start);
}
