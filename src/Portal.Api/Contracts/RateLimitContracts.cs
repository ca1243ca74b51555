using RagMemory.RateLimiting;

namespace RagMemory.Api.Contracts;

public sealed record RateLimitsResponse(IReadOnlyList<RateLimitSnapshot> Policies);

public sealed record UpdateRateLimitRequest(int? PermitLimit, int? WindowSeconds);

public sealed record RateLimitAuditResponse(IReadOnlyList<RateLimitChange> Changes);
