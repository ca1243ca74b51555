using System.Diagnostics;
using RagMemory.Tests.E2E.Infrastructure;

namespace RagMemory.Tests.Deploy;

/// <summary>
/// deploy/compose.yaml as Debian's docker-compose reads it (no Docker engine runs here, so <c>config</c> is how far it
/// can be checked): valid, with every service of the scale-out stack. The secrets it requires are given dummy values.
/// </summary>
public sealed class ComposeFileTests
{
    private static readonly string[] Secrets = ["POSTGRES_PASSWORD", "RAGMEMORY_SIGNING_KEY", "RAGMEMORY_ADMIN_PASSWORD", "KEYCLOAK_CLIENT_SECRET", "KEYCLOAK_ADMIN_PASSWORD", "NEO4J_PASSWORD", "QDRANT_API_KEY"];

    [Fact]
    public async Task The_compose_file_is_valid_and_brings_up_the_replicas_behind_a_proxy_with_their_engines()
    {
        var services = await ComposeAsync("config", "--services");

        Assert.Equal(0, services.ExitCode);
        var names = services.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Superset(new HashSet<string> { "portal-1", "portal-2", "proxy", "postgres", "seq", "keycloak", "neo4j" }, names.ToHashSet());
    }

    [Fact]
    public async Task Without_its_secrets_the_compose_file_refuses_to_start_naming_them()
    {
        var refused = await ComposeAsync(withSecrets: false, "config");

        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("set ", refused.Output, StringComparison.Ordinal);
    }

    private static Task<(int ExitCode, string Output)> ComposeAsync(params string[] arguments) => ComposeAsync(withSecrets: true, arguments);

    private static async Task<(int ExitCode, string Output)> ComposeAsync(bool withSecrets, params string[] arguments)
    {
        var compose = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator)
            .Select(folder => Path.Combine(folder, "docker-compose")).FirstOrDefault(File.Exists);
        Assert.True(compose is not null, "docker-compose is not installed: run scripts/install-test-deps.sh (it installs Debian's docker-compose), or 'apt-get install -y docker-compose'.");
        var start = new ProcessStartInfo(compose) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repository.Root };

        // An empty env file, so that a deploy/.env of a developer's own secrets does not stand in for the environment.
        var noEnvFile = Path.GetTempFileName();
        foreach (var argument in new[] { "-f", Path.Combine("deploy", "compose.yaml"), "--env-file", noEnvFile }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var secret in Secrets)
        {
            if (withSecrets)
            {
                start.Environment[secret] = "dummy-for-validation";
            }
            else
            {
                start.Environment.Remove(secret);
            }
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        File.Delete(noEnvFile);
        return (process.ExitCode, await output + await error);
    }
}
