namespace RagMemory.RateLimiting;

/// <summary>An audited change of a policy: who changed what, from what, when.</summary>
public sealed record RateLimitChange(string Policy, int OldPermitLimit, int OldWindowSeconds, int NewPermitLimit, int NewWindowSeconds, string ChangedBy, DateTimeOffset ChangedAt);
