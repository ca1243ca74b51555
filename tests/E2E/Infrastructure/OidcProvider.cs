using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace RagMemory.Tests.E2E.Infrastructure;

/// <summary>
/// The real OpenID Connect provider of the E2E tests: the npm package oidc-provider (tests/E2E/oidc/server.mjs) run by
/// Node.js on 127.0.0.1. Its development login pages accept any password; the login name picks the roles
/// (analyst: reader, editor: writer, chief: admin).
/// </summary>
public sealed class OidcProvider : IAsyncDisposable
{
    public const string ClientId = "ragmemory-portal";
    public const string Audience = "urn:ragmemory:api";

    /// <summary>A throw-away secret for a provider that lives as long as the test run.</summary>
    public const string ClientSecret = "e2e-oidc-client-secret";

    private readonly Process _process;

    private OidcProvider(Process process, Uri issuer)
    {
        _process = process;
        Issuer = issuer;
    }

    public Uri Issuer { get; }

    public static async Task<OidcProvider> StartAsync(int portalPort)
    {
        var folder = Path.Combine(Repository.Root, "tests", "E2E", "oidc");
        if (!Directory.Exists(Path.Combine(folder, "node_modules", "oidc-provider")))
        {
            throw new InvalidOperationException($"oidc-provider is not installed in {folder}. Run `npm ci --prefix tests/E2E/oidc` (scripts/install-test-deps.sh does).");
        }

        var port = FreePort();
        var start = new ProcessStartInfo("node", "server.mjs") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["CLIENT_SECRET"] = ClientSecret;
        start.Environment["REDIRECT_URIS"] = $"http://localhost:{portalPort}/signin-oidc,http://127.0.0.1:{portalPort}/signin-oidc";
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException("Node.js (`node`) is needed to run the OpenID Connect provider of the E2E tests.", exception);
        }

        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var provider = new OidcProvider(process, new Uri($"http://127.0.0.1:{port}"));
        await provider.WaitUntilReadyAsync();
        return provider;
    }

    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The OpenID Connect provider exited with code {_process.ExitCode}.");
            }

            try
            {
                if ((await http.GetAsync(new Uri(Issuer, ".well-known/openid-configuration"))).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The OpenID Connect provider at {Issuer} did not answer within 30 s.");
    }
}
