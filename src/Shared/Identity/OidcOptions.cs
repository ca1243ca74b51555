namespace RagMemory.Identity;

/// <summary>
/// An OpenID Connect provider for portal sign-in whose access tokens the API also accepts (bound from
/// <c>Authentication:Oidc</c>). Off while <see cref="Authority"/> is empty.
/// </summary>
public sealed class OidcOptions
{
    public const string SectionName = "Authentication:Oidc";
    public const string Scheme = "oidc";
    public const string BearerScheme = "oidc-bearer";

    public string? Authority { get; set; }

    public string? ClientId { get; set; }

    /// <summary>From configuration or a secret store only; never committed.</summary>
    public string? ClientSecret { get; set; }

    public List<string> Scopes { get; set; } = ["openid", "profile"];

    /// <summary>The claim of the provider's tokens that carries role names (reader, writer, admin).</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>The audience the provider puts in access tokens meant for this API.</summary>
    public string? Audience { get; set; }

    /// <summary>The name on the sign-in button.</summary>
    public string DisplayName { get; set; } = "OpenID Connect";

    /// <summary>Only for a provider on loopback http in development and tests.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    public bool Enabled => !string.IsNullOrWhiteSpace(Authority);
}
