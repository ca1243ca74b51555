using Microsoft.Playwright;

namespace RagMemory.Tests.E2E.Infrastructure;

/// <summary>
/// Debian's Chromium, driven by Playwright through <c>ExecutablePath</c>; Playwright's own browser downloads are never used.
/// </summary>
public static class ChromiumBrowser
{
    public const string PathVariable = "CHROMIUM_PATH";
    public const string DefaultPath = "/usr/bin/chromium";

    private static readonly string[] Flags =
    [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
    ];

    /// <summary>The browser binary from <c>CHROMIUM_PATH</c> or Debian's default; a missing one fails the tests, never skips them.</summary>
    public static string ExecutablePath()
    {
        var configured = Environment.GetEnvironmentVariable(PathVariable);
        var path = string.IsNullOrWhiteSpace(configured) ? DefaultPath : configured;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"Chromium was not found at '{path}' (set {PathVariable} to use another binary). " +
                "The E2E tests need Debian's chromium: run `apt-get update && apt-get install -y chromium` " +
                "(.ci/run does this on a fresh machine). Do not run `playwright install`.");
        }

        return path;
    }

    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) =>
        playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath(),
            Headless = true,
            Args = Flags,
        });
}
