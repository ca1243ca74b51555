using System.ComponentModel.DataAnnotations;

namespace RagMemory.RateLimiting;

/// <summary>One policy: at most <see cref="PermitLimit"/> requests per principal in each window of <see cref="WindowSeconds"/>.</summary>
public sealed class RateLimitPolicyOptions
{
    /// <summary>The highest limit a policy accepts, from configuration or from an admin.</summary>
    public const int MaxPermitLimit = 1_000_000;

    [Range(1, MaxPermitLimit)]
    public int PermitLimit { get; set; }

    [Range(1, 86_400)]
    public int WindowSeconds { get; set; } = 60;
}
