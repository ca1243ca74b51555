using System.ComponentModel.DataAnnotations;

namespace RagMemory.RateLimiting;

/// <summary>One policy: at most <see cref="PermitLimit"/> requests per principal in each window of <see cref="WindowSeconds"/>.</summary>
public sealed class RateLimitPolicyOptions
{
    [Range(1, 1_000_000)]
    public int PermitLimit { get; set; }

    [Range(1, 86_400)]
    public int WindowSeconds { get; set; } = 60;
}
