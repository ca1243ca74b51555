using RagMemory.Namespaces;
using RagMemory.Identity;

namespace RagMemory.Tests.Engines.Contracts;

/// <summary>What every <see cref="IApiClientRepository"/> adapter must do; a second <see cref="OpenRepository"/> stands for a restart or another replica.</summary>
public abstract class ApiClientRepositoryContract : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    protected abstract IApiClientRepository OpenRepository();

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Namespaces_read_back_as_inserted_and_as_set_after_a_restart()
    {
        var teams = new NamespaceGrants(["team-a"], ["team-a"]);
        await OpenRepository().InsertAsync(Client("rmc_ns", Start) with { Namespaces = teams }, "H");
        await OpenRepository().InsertAsync(Client("rmc_plain", Start), "H");

        Assert.Equal(teams, (await OpenRepository().FindAsync("rmc_ns"))!.Namespaces);
        Assert.Equal(NamespaceGrants.Default, (await OpenRepository().FindWithSecretAsync("rmc_plain"))!.Value.Client.Namespaces);

        Assert.True(await OpenRepository().SetNamespacesAsync("rmc_ns", new NamespaceGrants(["*"], [])));
        Assert.False(await OpenRepository().SetNamespacesAsync("rmc_unknown", NamespaceGrants.Default));
        Assert.Equal(new NamespaceGrants(["*"], []), (await OpenRepository().ListAsync()).Single(c => c.ClientId == "rmc_ns").Namespaces);
    }

    [Fact]
    public async Task A_client_reads_back_as_inserted_with_its_secret_hash_after_a_restart()
    {
        var client = Client("rmc_1", Start);
        await OpenRepository().InsertAsync(client, "HASH1");

        var repository = OpenRepository();
        var withSecret = await repository.FindWithSecretAsync("rmc_1");

        Assert.NotNull(withSecret);
        Assert.Equal(client with { Roles = withSecret.Value.Client.Roles }, withSecret.Value.Client);
        Assert.Equal(client.Roles, withSecret.Value.Client.Roles);
        Assert.Equal("HASH1", withSecret.Value.SecretSha256);
        Assert.Equal(client.Roles, (await repository.FindAsync("rmc_1"))!.Roles);
        Assert.Null(await repository.FindAsync("rmc_unknown"));
        Assert.Null(await repository.FindWithSecretAsync("rmc_unknown"));
    }

    [Fact]
    public async Task List_is_newest_first_with_revoked_clients_included()
    {
        var repository = OpenRepository();
        await repository.InsertAsync(Client("rmc_old", Start), "H");
        await repository.InsertAsync(Client("rmc_new", Start.AddMinutes(5)), "H");
        await repository.RevokeAsync("rmc_old", "root", Start.AddMinutes(6));

        var clients = await repository.ListAsync();

        Assert.Equal(["rmc_new", "rmc_old"], clients.Select(c => c.ClientId));
        Assert.True(clients[1].IsRevoked);
    }

    [Fact]
    public async Task Revoking_twice_keeps_the_first_revocation()
    {
        var repository = OpenRepository();
        await repository.InsertAsync(Client("rmc_1", Start), "H");

        await repository.RevokeAsync("rmc_1", "first", Start.AddMinutes(1));
        await repository.RevokeAsync("rmc_1", "second", Start.AddMinutes(2));
        await repository.RevokeAsync("rmc_unknown", "second", Start.AddMinutes(2));

        var revoked = (await OpenRepository().FindAsync("rmc_1"))!;
        Assert.Equal("first", revoked.RevokedBy);
        Assert.Equal(Start.AddMinutes(1), revoked.RevokedAt);
    }

    private static ApiClient Client(string id, DateTimeOffset at) => new(id, $"job {id}", [Roles.Reader, Roles.Writer], "root", at, null, null);
}
