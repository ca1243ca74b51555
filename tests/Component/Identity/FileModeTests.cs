using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using RagMemory.Identity;
using RagMemory.Tests.Api;

namespace RagMemory.Tests.Identity;

/// <summary>A new data folder, its database, logs and signing key are the service user's alone (700 and 600).</summary>
public sealed class FileModeTests
{
    [Fact]
    public async Task The_data_folder_database_logs_and_signing_key_are_created_private()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix file modes; on Windows the folder's ACL rules.
        }

        await using var factory = new RagMemoryApiFactory();
        _ = factory.Services.GetRequiredService<SigningKeyProvider>();
        await factory.CreateClient().PostAsJsonAsync("/auth/token", new { username = "admin", password = RagMemoryApiFactory.AdminPassword });
        var dir = factory.DataDirectory;
        var logFile = Directory.GetFiles(Path.Combine(dir, "logs")).First();

        Assert.Equal(PrivateMode(folder: true), File.GetUnixFileMode(dir));
        Assert.Equal(PrivateMode(folder: true), File.GetUnixFileMode(Path.Combine(dir, "logs")));
        Assert.Equal(PrivateMode(folder: false), File.GetUnixFileMode(Path.Combine(dir, "ragmemory.db")));
        Assert.Equal(PrivateMode(folder: false), File.GetUnixFileMode(Path.Combine(dir, "signing.key")));
        Assert.Equal(PrivateMode(folder: false), File.GetUnixFileMode(logFile));
    }

    private static UnixFileMode PrivateMode(bool folder) => folder
        ? UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        : UnixFileMode.UserRead | UnixFileMode.UserWrite;
}
