using System.Net;
using System.Security.Claims;

namespace RagMemory.RateLimiting;

/// <summary>Whom a request is counted against: the signed-in principal, else the client address.</summary>
public static class RateLimitPartitionKey
{
    public static string For(ClaimsPrincipal? user, IPAddress? address) =>
        user?.Identity?.IsAuthenticated == true && (user.FindFirst("sub")?.Value ?? user.Identity.Name) is { } subject
            ? $"user:{user.FindFirst("iss")?.Value}:{subject}"
            : $"ip:{address?.ToString() ?? "unknown"}";
}
