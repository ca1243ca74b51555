namespace RagMemory.Api.RequestPolicies;

/// <summary>Marks an action as spending one permit of a rate-limit policy per call.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
public sealed class RateLimitedAttribute(string policy) : Attribute
{
    public string Policy { get; } = policy;
}
