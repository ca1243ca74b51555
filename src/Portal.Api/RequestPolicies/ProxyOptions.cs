using System.ComponentModel.DataAnnotations;
using System.Net;

namespace RagMemory.Api.RequestPolicies;

/// <summary>
/// The reverse proxies in front of the service (bound from <c>ForwardedHeaders</c>). Off while both lists are empty:
/// then X-Forwarded-For is ignored, since anyone can send it. When set, the client address and scheme come from the
/// headers of these proxies only, so rate limits and sign-in throttling count each real client, not the proxy.
/// </summary>
public sealed class ProxyOptions : IValidatableObject
{
    public const string SectionName = "ForwardedHeaders";

    /// <summary>Addresses of the proxies, e.g. <c>10.0.0.5</c>.</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of the proxies in CIDR form, e.g. <c>10.0.0.0/24</c>.</summary>
    public List<string> KnownNetworks { get; set; } = [];

    public bool Enabled => KnownProxies.Count > 0 || KnownNetworks.Count > 0;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        KnownProxies.Where(p => !IPAddress.TryParse(p, out _)).Select(p => new ValidationResult($"{SectionName}:KnownProxies: '{p}' is not an IP address."))
            .Concat(KnownNetworks.Where(n => !IPNetwork.TryParse(n, out _)).Select(n => new ValidationResult($"{SectionName}:KnownNetworks: '{n}' is not a network in CIDR form.")));
}
