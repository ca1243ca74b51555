using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using RagMemory.Identity;

namespace RagMemory.Tests.Api;

/// <summary>Behind a configured proxy, throttling counts each real client; without one, X-Forwarded-For is not believed.</summary>
public sealed class ForwardedHeadersTests
{
    private const string Proxy = "10.0.0.5";

    [Fact]
    public async Task Behind_a_known_proxy_each_forwarded_client_has_its_own_partition()
    {
        await using var factory = Factory(knownProxy: Proxy);
        for (var i = 0; i < 6; i++)
        {
            await TokenAsync(factory, from: Proxy, forwardedFor: "203.0.113.7", "not-the-password");
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await TokenAsync(factory, from: Proxy, forwardedFor: "203.0.113.7", RagMemoryApiFactory.AdminPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(factory, from: Proxy, forwardedFor: "198.51.100.20", RagMemoryApiFactory.AdminPassword)).StatusCode);
    }

    [Fact]
    public async Task Without_a_configured_proxy_a_forged_forwarded_header_changes_nothing()
    {
        await using var factory = Factory(knownProxy: null);
        for (var i = 0; i < 6; i++)
        {
            await TokenAsync(factory, from: "203.0.113.7", forwardedFor: $"192.0.2.{i}", "not-the-password");
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await TokenAsync(factory, from: "203.0.113.7", forwardedFor: "192.0.2.99", RagMemoryApiFactory.AdminPassword)).StatusCode);
    }

    [Fact]
    public async Task A_forwarded_header_from_an_unknown_address_is_not_believed()
    {
        await using var factory = Factory(knownProxy: Proxy);
        for (var i = 0; i < 6; i++)
        {
            await TokenAsync(factory, from: "203.0.113.7", forwardedFor: $"192.0.2.{i}", "not-the-password");
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await TokenAsync(factory, from: "203.0.113.7", forwardedFor: "192.0.2.99", RagMemoryApiFactory.AdminPassword)).StatusCode);
    }

    private static RagMemoryApiFactory Factory(string? knownProxy)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var factory = new RagMemoryApiFactory();
        factory.ServiceOverrides.Add(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(clock)));
        factory.ServiceOverrides.Add(TestRemoteAddress.AddTo);
        if (knownProxy is not null)
        {
            factory.Settings["ForwardedHeaders:KnownProxies:0"] = knownProxy;
        }

        return factory;
    }

    private static async Task<HttpResponseMessage> TokenAsync(RagMemoryApiFactory factory, string from, string forwardedFor, string password)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(TestRemoteAddress.Header, from);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", forwardedFor);
        return await client.PostAsJsonAsync("/auth/token", new { username = BootstrapAdmin.Username, password });
    }
}
