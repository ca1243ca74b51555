using System.ComponentModel.DataAnnotations;
using System.Globalization;

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

    /// <summary>How often each process reads the stored overrides again, so that another replica's change holds here within it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The configuration that sets every policy to <paramref name="permitLimit"/> requests per window, for hosts whose
    /// limits must stay out of the way: the benchmarks, and tests that are not about limits.
    /// </summary>
    public static IEnumerable<KeyValuePair<string, string?>> EveryPolicyAt(int permitLimit) =>
        RateLimitPolicies.All.Select(policy => KeyValuePair.Create(
            $"{SectionName}:{nameof(Policies)}:{policy}:{nameof(RateLimitPolicyOptions.PermitLimit)}",
            (string?)permitLimit.ToString(CultureInfo.InvariantCulture)));

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        NamedSettingsValidation.Validate(Policies, RateLimitPolicies.All, "RateLimiting:Policies", "policy");
}
