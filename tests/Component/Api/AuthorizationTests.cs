using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace RagMemory.Tests.Api;

public sealed class AuthorizationTests(RagMemoryApiFactory factory) : IClassFixture<RagMemoryApiFactory>
{
    public static TheoryData<string, string> DataRoutes => new()
    {
        { "POST", "/ingest/" },
        { "GET", "/ingest/some-id" },
        { "POST", "/memory/upsert" },
        { "POST", "/memory/search" },
        { "POST", "/memory/collection/info" },
        { "POST", "/graph/node" },
        { "POST", "/graph/node/find" },
        { "POST", "/graph/relationship" },
        { "GET", "/graph/node/1/neighbors" },
        { "POST", "/hybrid/search" },
        { "POST", "/hybrid/generate" },
        { "POST", "/admin/accounts" },
        { "GET", "/admin/accounts" },
    };

    public static TheoryData<string, string> WriteRoutes => new()
    {
        { "POST", "/ingest/" },
        { "POST", "/memory/upsert" },
        { "POST", "/graph/node" },
        { "POST", "/graph/relationship" },
    };

    [Theory]
    [MemberData(nameof(DataRoutes))]
    public async Task Every_data_route_answers_401_problem_without_a_token(string method, string route)
    {
        var response = await factory.CreateClient().SendAsync(Request(method, route));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [MemberData(nameof(DataRoutes))]
    public async Task A_token_with_a_wrong_signature_is_refused(string method, string route)
    {
        var client = await factory.CreateClientAsync();
        var token = client.DefaultRequestHeaders.Authorization!.Parameter!;
        var forged = token[..^4] + (token[^4..] == "AAAA" ? "BBBB" : "AAAA");
        var anonymous = factory.CreateClient();
        anonymous.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", forged);

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(Request(method, route))).StatusCode);
    }

    [Fact]
    public async Task An_unsigned_alg_none_token_is_refused()
    {
        static string Part(string json) => Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var exp = DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds();
        var token = $"{Part("""{"alg":"none","typ":"JWT"}""")}.{Part($$"""{"sub":"admin","role":"admin","iss":"ragmemory","aud":"ragmemory-api","exp":{{exp}}}""")}.";
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/memory/search", new { query = "x" })).StatusCode);
    }

    [Theory]
    [MemberData(nameof(WriteRoutes))]
    public async Task A_reader_gets_403_on_write_routes(string method, string route)
    {
        var reader = await factory.CreateClientWithRolesAsync("reader");
        var response = await reader.SendAsync(Request(method, route));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_reader_can_search_and_a_writer_cannot_manage_accounts()
    {
        var reader = await factory.CreateClientWithRolesAsync("reader");
        var writer = await factory.CreateClientWithRolesAsync("writer");

        Assert.Equal(HttpStatusCode.OK, (await reader.PostAsJsonAsync("/hybrid/search", new { query = "anything", limit = 3 })).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await writer.PostAsJsonAsync("/ingest/", new { id = "by-writer", text = "Written by a writer." })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await writer.GetAsync("/admin/accounts")).StatusCode);
    }

    [Fact]
    public async Task A_wrong_password_gets_401_and_no_token()
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/auth/token", new { username = "admin", password = "not-the-password" });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("access_token", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("evil.example:5000")]
    public async Task A_request_for_another_host_name_is_refused_instead_of_redirected_there(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/manage/accounts");
        request.Headers.Host = host;

        var response = await factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Theory]
    [InlineData("localhost")]
    [InlineData("127.0.0.1:5000")]
    public async Task The_default_host_names_of_the_readme_and_tests_still_work(string host)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Host = host;

        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task The_token_response_is_never_cached()
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/auth/token", new { username = "admin", password = RagMemoryApiFactory.AdminPassword });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, "Cache-Control: no-store is missing");
    }

    [Fact]
    public async Task A_token_has_the_seed_shape()
    {
        var response = await factory.CreateClient().PostAsJsonAsync("/auth/token", new { username = "admin", password = RagMemoryApiFactory.AdminPassword });
        var token = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("bearer", token.GetProperty("token_type").GetString());
        Assert.Equal(3600, token.GetProperty("expires_in").GetInt32());
        Assert.Equal(3, token.GetProperty("access_token").GetString()!.Split('.').Length);
    }

    [Fact]
    public async Task Accounts_are_created_once_with_known_roles_and_passwords_are_never_returned()
    {
        var admin = await factory.CreateClientAsync();
        var created = await admin.PostAsJsonAsync("/admin/accounts", new { username = "analyst1", password = "a-long-password-1", roles = new[] { "reader" } });
        var again = await admin.PostAsJsonAsync("/admin/accounts", new { username = "analyst1", password = "a-long-password-1", roles = new[] { "reader" } });
        var badRole = await admin.PostAsJsonAsync("/admin/accounts", new { username = "analyst2", password = "a-long-password-1", roles = new[] { "root" } });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.DoesNotContain("password", await created.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badRole.StatusCode);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    [InlineData("/openapi/v1.json")]
    public async Task Health_and_the_api_description_need_no_token(string route)
    {
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClient().GetAsync(route)).StatusCode);
    }

    [Fact]
    public async Task A_valid_correlation_id_is_returned_and_put_in_problems()
    {
        var client = factory.CreateClient();
        using var request = Request("POST", "/memory/search");
        request.Headers.Add("X-Correlation-ID", "test-correlation-0001");
        var response = await client.SendAsync(request);

        Assert.Equal("test-correlation-0001", response.Headers.GetValues("X-Correlation-ID").Single());
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("test-correlation-0001", problem.GetProperty("correlation_id").GetString());
    }

    private static HttpRequestMessage Request(string method, string route) =>
        new(new HttpMethod(method), route) { Content = method == "POST" ? new StringContent("{}", Encoding.UTF8, "application/json") : null };
}
