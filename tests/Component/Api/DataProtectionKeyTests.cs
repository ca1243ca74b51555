using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace RagMemory.Tests.Api;

/// <summary>
/// The keys behind cookies and antiforgery live in the data folder: a restart (or another replica on the same state)
/// reads what the last one protected; a host on another data folder cannot, so they do not come from the user profile.
/// </summary>
public sealed class DataProtectionKeyTests : IDisposable
{
    private readonly RagMemoryApiFactory _first = new();

    public void Dispose() => _first.Dispose();

    [Fact]
    public void A_payload_protected_before_a_restart_is_read_after_it()
    {
        var sealedPayload = Protector(_first).Protect("signed-in as ada");

        using var restarted = _first.Restart();

        Assert.Equal("signed-in as ada", Protector(restarted).Unprotect(sealedPayload));
    }

    [Fact]
    public void The_keys_are_rows_of_the_data_folders_database_and_no_other_folder_reads_them()
    {
        var sealedPayload = Protector(_first).Protect("signed-in as ada");
        using var elsewhere = new RagMemoryApiFactory();

        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => Protector(elsewhere).Unprotect(sealedPayload));
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_first.DataDirectory, "ragmemory.db")}");
        connection.Open();
        using var count = connection.CreateCommand();
        count.CommandText = "SELECT count(*) FROM data_protection_keys;";
        Assert.True(Convert.ToInt64(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
    }

    private static IDataProtector Protector(RagMemoryApiFactory factory) =>
        factory.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("tests");
}
