using Microsoft.Playwright;

namespace RagMemory.Tests.E2E.Infrastructure;

/// <summary>
/// What a person would see go wrong on a page: console errors, uncaught script errors, and requests that failed or
/// answered an error status (a missing stylesheet, script or favicon among them). Collected while the page is used.
/// </summary>
public sealed class PageProblems
{
    private readonly List<string> _problems = [];

    public PageProblems(IPage page)
    {
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                Add($"console error: {message.Text}");
            }
        };
        page.PageError += (_, error) => Add($"script error: {error}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                Add($"{response.Status} for {response.Request.Method} {response.Url}");
            }
        };
        page.RequestFailed += (_, request) => Add($"request failed: {request.Method} {request.Url} ({request.Failure})");
    }

    /// <summary>Takes the problems seen since the last call.</summary>
    public IReadOnlyList<string> Take()
    {
        lock (_problems)
        {
            var taken = _problems.ToList();
            _problems.Clear();
            return taken;
        }
    }

    /// <summary>
    /// Every stylesheet, script and icon the page's document references, fetched again: each must answer 200. A broken
    /// asset shows here even where the browser had it from its cache.
    /// </summary>
    public static async Task<IReadOnlyList<string>> BrokenAssetsAsync(IPage page)
    {
        var urls = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('link[rel~=stylesheet][href], link[rel~=icon][href], script[src]')].map(e => e.href || e.src)");
        Assert.NotEmpty(urls);
        var broken = new List<string>();
        foreach (var url in urls)
        {
            var response = await page.APIRequest.GetAsync(url);
            if (response.Status != 200)
            {
                broken.Add($"{response.Status} for {url}");
            }
        }

        return broken;
    }

    private void Add(string problem)
    {
        lock (_problems)
        {
            _problems.Add(problem);
        }
    }
}
