using Microsoft.AspNetCore.Components.Authorization;
using RagMemory.RateLimiting;

namespace RagMemory.Portal.Components;

/// <summary>
/// Spends rate-limit permits for portal actions from the same limiters, and the same partition, as the API routes that
/// do the same work; a rejection surfaces as the same 429 failure.
/// </summary>
public sealed class PortalLimits(RateLimitRegistry limits, AuthenticationStateProvider authentication)
{
    public async Task SpendAsync(string policy)
    {
        var state = await authentication.GetAuthenticationStateAsync();
        await limits.AcquireAsync(policy, RateLimitPartitionKey.For(state.User, address: null));
    }
}
