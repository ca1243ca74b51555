using RagMemory.Resilience;

namespace RagMemory.Api.Contracts;

public sealed record BreakersResponse(IReadOnlyList<BreakerStatus> Breakers);
