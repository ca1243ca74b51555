using System.ComponentModel.DataAnnotations;

namespace RagMemory.RateLimiting;

/// <summary>
/// The tiers (bound from <c>RateLimiting:Policies:&lt;name&gt;</c>), e.g. <c>RateLimiting__Policies__ingest__PermitLimit</c>.
/// Changes made live by an admin are stored and override these values.
/// </summary>
public sealed class RateLimitingOptions : IValidatableObject
{
    public const string SectionName = "RateLimiting";

    public Dictionary<string, RateLimitPolicyOptions> Policies { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        [RateLimitPolicies.Token] = new() { PermitLimit = 10 },
        [RateLimitPolicies.Ingest] = new() { PermitLimit = 10 },
        [RateLimitPolicies.Upsert] = new() { PermitLimit = 20 },
        [RateLimitPolicies.GraphWrite] = new() { PermitLimit = 20 },
        [RateLimitPolicies.Search] = new() { PermitLimit = 100 },
        [RateLimitPolicies.GraphRead] = new() { PermitLimit = 100 },
        [RateLimitPolicies.Generate] = new() { PermitLimit = 20 },
    };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (name, policy) in Policies)
        {
            if (!RateLimitPolicies.All.Contains(name, StringComparer.OrdinalIgnoreCase))
            {
                yield return new ValidationResult($"RateLimiting:Policies:{name} names no policy; known: {string.Join(", ", RateLimitPolicies.All)}.");
            }

            var results = new List<ValidationResult>();
            Validator.TryValidateObject(policy, new ValidationContext(policy), results, validateAllProperties: true);
            foreach (var result in results)
            {
                yield return new ValidationResult($"RateLimiting:Policies:{name}: {result.ErrorMessage}");
            }
        }
    }
}
