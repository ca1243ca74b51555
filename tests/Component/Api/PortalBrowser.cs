using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace RagMemory.Tests.Api;

/// <summary>
/// A browser's cookie jar over the in-process portal, kept by hand so that a test can copy a cookie and replay it
/// later, as someone who saved it would; forms are posted with the antiforgery token of the page they come from.
/// </summary>
public sealed partial class PortalBrowser(RagMemoryApiFactory factory)
{
    private readonly HttpClient _client = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });

    public Dictionary<string, string> Cookies { get; } = [];

    public const string AuthCookie = "ragmemory.auth";

    /// <summary>The client address the server sees, when the factory has <see cref="TestRemoteAddress"/>.</summary>
    public string? Address { get; init; }

    public async Task<HttpResponseMessage> GetAsync(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        return await SendAsync(request);
    }

    /// <summary>Opens <paramref name="formPage"/>, takes its antiforgery token and posts <paramref name="fields"/> to <paramref name="action"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string formPage, string action, IDictionary<string, string> fields)
    {
        var page = await (await GetAsync(formPage)).Content.ReadAsStringAsync();
        var token = AntiforgeryField().Match(page);
        Assert.True(token.Success, $"{formPage} has no antiforgery token");
        var form = new Dictionary<string, string>(fields) { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value) };
        using var request = new HttpRequestMessage(HttpMethod.Post, action) { Content = new FormUrlEncodedContent(form) };
        return await SendAsync(request);
    }

    public async Task SignInAsync(string username, string password)
    {
        var response = await PostFormAsync("/login", "/account/login", new Dictionary<string, string> { ["username"] = username, ["password"] = password, ["returnUrl"] = "/" });
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        Assert.True(Cookies.ContainsKey(AuthCookie), "no sign-in cookie");
    }

    /// <summary>The status of a page as this browser sees it: 200 when it opens, 302 to /login when not signed in.</summary>
    public async Task<HttpStatusCode> StatusOfAsync(string path) => (await GetAsync(path)).StatusCode;

    private async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request)
    {
        if (Cookies.Count > 0)
        {
            request.Headers.Add("Cookie", string.Join("; ", Cookies.Select(c => $"{c.Key}={c.Value}")));
        }

        if (Address is not null)
        {
            request.Headers.Add(TestRemoteAddress.Header, Address);
        }

        var response = await _client.SendAsync(request);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var setCookie in setCookies)
            {
                var pair = setCookie.Split(';')[0];
                var name = pair[..pair.IndexOf('=', StringComparison.Ordinal)];
                var value = pair[(name.Length + 1)..];
                if (string.IsNullOrEmpty(value) || setCookie.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase))
                {
                    Cookies.Remove(name);
                }
                else
                {
                    Cookies[name] = value;
                }
            }
        }

        return response;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
