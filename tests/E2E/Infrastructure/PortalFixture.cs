using Microsoft.Playwright;

namespace RagMemory.Tests.E2E.Infrastructure;

/// <summary>One real portal on Kestrel and one Chromium for every E2E test; each test gets its own browser context.</summary>
public class PortalFixture : IAsyncLifetime
{
    private readonly PortalFactory _portal = new();

    public PortalFixture()
    {
    }

    /// <summary>A portal with settings beyond the E2E defaults (another engine, say), for a fixture of its own.</summary>
    protected PortalFixture(IReadOnlyDictionary<string, string?> settings)
    {
        foreach (var (key, value) in settings)
        {
            _portal.Settings[key] = value;
        }
    }
    private OidcProvider? _oidc;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public Uri BaseAddress { get; private set; } = default!;

    public OidcProvider Oidc => _oidc ?? throw new InvalidOperationException("The provider starts in InitializeAsync.");

    public async Task InitializeAsync()
    {
        // Fail before anything starts when the browser is missing, with the message that says how to install it.
        ChromiumBrowser.ExecutablePath();
        Screenshots.ClearFolder();
        var portalPort = OidcProvider.FreePort();
        _oidc = await OidcProvider.StartAsync(portalPort);
        _portal.OidcAuthority = _oidc.Issuer;
        BaseAddress = _portal.Start(portalPort);
        _playwright = await Playwright.CreateAsync();
        _browser = await ChromiumBrowser.LaunchAsync(_playwright);

        // A shared CI machine with two cores embeds text slowly; expectations wait generously instead of sleeping.
        Assertions.SetDefaultExpectTimeout(30_000);
    }

    /// <summary>A fresh, signed-out browser context (own cookies) with a page whose relative URLs resolve against the portal.</summary>
    public async Task<BrowserSession> StartSessionAsync(string testName, ITestOutputHelper output)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 900 },
            Locale = "en-US",
        });
        context.SetDefaultTimeout(30_000);
        context.SetDefaultNavigationTimeout(60_000);
        var page = await context.NewPageAsync();
        return new BrowserSession(context, page, new Screenshots(testName, output), output);
    }

    public virtual async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        await _portal.DisposeAsync();
        if (_oidc is not null)
        {
            await _oidc.DisposeAsync();
        }

        // The test host's standard output reaches the console log of `dotnet test`; the per-step paths are in each test's output.
        if (Directory.Exists(Screenshots.Folder))
        {
            Console.WriteLine($"E2E screenshots: {Screenshots.Folder}");
        }
    }
}
