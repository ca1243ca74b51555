using System.Buffers.Binary;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RagMemory.Identity;
using RagMemory.Storage;
using RagMemory.Tests.Api;

namespace RagMemory.Tests.Identity;

/// <summary>Passwords are hashed with PBKDF2 at 210,000 iterations; an older, weaker hash is redone at the next sign-in.</summary>
public sealed class PasswordHashTests(RagMemoryApiFactory factory) : IClassFixture<RagMemoryApiFactory>
{
    private const string Password = "a-long-test-password";

    [Fact]
    public async Task A_new_account_is_hashed_with_210000_iterations()
    {
        var name = $"hash-{Guid.NewGuid():N}"[..16];
        await factory.Services.GetRequiredService<AccountStore>().CreateAsync(name, Password, [Roles.Reader]);

        Assert.Equal(210_000, IterationsOf(StoredHash(name)));
    }

    [Fact]
    public async Task A_hash_of_100000_iterations_is_redone_at_the_next_sign_in()
    {
        var accounts = factory.Services.GetRequiredService<AccountStore>();
        var name = $"hash-{Guid.NewGuid():N}"[..16];
        await accounts.CreateAsync(name, Password, [Roles.Reader]);
        var weak = new PasswordHasher<string>(Options.Create(new PasswordHasherOptions { IterationCount = 100_000 })).HashPassword(name, Password);
        Execute("UPDATE accounts SET password_hash = $hash WHERE username = $user;", name, weak);
        var stamp = (await accounts.FindAsync(name))!.SecurityStamp;

        Assert.NotNull(await accounts.VerifyAsync(name, Password));

        Assert.Equal(210_000, IterationsOf(StoredHash(name)));
        Assert.NotNull(await accounts.VerifyAsync(name, Password));
        Assert.Equal(stamp, (await accounts.FindAsync(name))!.SecurityStamp);
    }

    /// <summary>ASP.NET Core Identity's V3 format: 0x01, PRF, iteration count (big-endian), salt length, salt, subkey.</summary>
    private static int IterationsOf(string hash)
    {
        var bytes = Convert.FromBase64String(hash);
        Assert.Equal(0x01, bytes[0]);
        return (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5, 4));
    }

    private string StoredHash(string name)
    {
        using var connection = factory.Services.GetRequiredService<SqliteDatabase>().Open();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT password_hash FROM accounts WHERE username = $user;";
        read.Parameters.AddWithValue("$user", name);
        return (string)read.ExecuteScalar()!;
    }

    private void Execute(string sql, string name, string hash)
    {
        using var connection = factory.Services.GetRequiredService<SqliteDatabase>().Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$user", name);
        command.Parameters.AddWithValue("$hash", hash);
        command.ExecuteNonQuery();
    }
}
