using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace RagMemory.Tests.Api;

/// <summary>API clients: a program gets tokens with its id and secret; revoking it ends the secret and its tokens at once.</summary>
public sealed class ApiClientTests
{
    [Fact]
    public async Task A_client_gets_a_token_that_carries_its_roles_and_revoking_it_ends_the_token_and_the_secret()
    {
        await using var factory = new RagMemoryApiFactory();
        var admin = await factory.CreateClientAsync();
        var created = await admin.PostAsJsonAsync("/admin/clients", new { name = "nightly report", roles = new[] { "reader" } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var clientId = body.GetProperty("client_id").GetString()!;
        var secret = body.GetProperty("client_secret").GetString()!;
        Assert.StartsWith("rmc_", clientId, StringComparison.Ordinal);
        Assert.StartsWith("rms_", secret, StringComparison.Ordinal);

        var program = factory.CreateClient();
        var token = await program.PostAsJsonAsync("/auth/token", new { client_id = clientId, client_secret = secret });
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        program.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString());
        Assert.Equal(HttpStatusCode.OK, (await program.PostAsJsonAsync("/hybrid/search", new { query = "anything" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await program.PostAsJsonAsync("/ingest/", new { id = "x", text = "Readers cannot write." })).StatusCode);

        var listed = await admin.GetStringAsync("/admin/clients");
        Assert.Contains(clientId, listed, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);

        var revoked = await admin.DeleteAsync($"/admin/clients/{clientId}");
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.Equal("admin", (await revoked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("revoked_by").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, (await program.PostAsJsonAsync("/hybrid/search", new { query = "anything" })).StatusCode);
        var again = await factory.CreateClient().PostAsJsonAsync("/auth/token", new { client_id = clientId, client_secret = secret });
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode);
    }

    [Fact]
    public async Task A_wrong_secret_is_a_401_and_a_missing_one_a_400()
    {
        await using var factory = new RagMemoryApiFactory();
        var admin = await factory.CreateClientAsync();
        var created = await (await admin.PostAsJsonAsync("/admin/clients", new { name = "loader", roles = new[] { "writer" } })).Content.ReadFromJsonAsync<JsonElement>();
        var anonymous = factory.CreateClient();

        var wrong = await anonymous.PostAsJsonAsync("/auth/token", new { client_id = created.GetProperty("client_id").GetString(), client_secret = "rms_wrong" });
        var missing = await anonymous.PostAsJsonAsync("/auth/token", new { client_id = created.GetProperty("client_id").GetString() });

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("client_secret", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"name":"","roles":["reader"]}""", "name")]
    [InlineData("""{"name":"x","roles":["superuser"]}""", "roles")]
    [InlineData("""{"name":"x"}""", "roles")]
    public async Task Creating_a_client_with_bad_input_is_a_400_naming_the_field(string body, string field)
    {
        await using var factory = new RagMemoryApiFactory();
        var admin = await factory.CreateClientAsync();

        var response = await admin.PostAsync("/admin/clients", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"'{field}'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revoking_an_unknown_client_is_a_404()
    {
        await using var factory = new RagMemoryApiFactory();
        var admin = await factory.CreateClientAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync("/admin/clients/rmc_nobody")).StatusCode);
    }
}
