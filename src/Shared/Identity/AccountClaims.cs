using System.Security.Claims;
using RagMemory.Namespaces;

namespace RagMemory.Identity;

/// <summary>
/// The claims of a local account, the same in our tokens and in the portal's cookie, so a person counts as one
/// principal (for rate limits and logs) whichever face they use.
/// </summary>
public static class AccountClaims
{
    public static List<Claim> For(Account account, string issuer)
    {
        var claims = new List<Claim> { new("sub", account.Username), new("name", account.Username), new("iss", issuer), new(StampClaim, account.SecurityStamp), Grants(account.Namespaces) };
        claims.AddRange(account.Roles.Select(r => new Claim("role", r)));
        return claims;
    }

    /// <summary>
    /// A program's claims: its client id is its subject and name (unique, so its rate limits and logs are its own),
    /// and <see cref="ClientIdClaim"/> marks the token as a client's so that revoking the client ends it.
    /// </summary>
    public static List<Claim> For(ApiClient client, string issuer)
    {
        var claims = new List<Claim> { new("sub", client.ClientId), new("name", client.ClientId), new(ClientIdClaim, client.ClientId), new("iss", issuer), Grants(client.Namespaces) };
        claims.AddRange(client.Roles.Select(r => new Claim("role", r)));
        return claims;
    }

    public const string ClientIdClaim = "client_id";

    /// <summary>
    /// The namespaces the account or client may read and write, as they were at issue: an account's change gives it a
    /// new stamp (so its tokens end), and a client's token is refused once the client's grants differ from it.
    /// </summary>
    private static Claim Grants(NamespaceGrants grants) => new(NamespaceAccess.GrantsClaim, grants.ToJson(), ClaimValueTypes.String);

    /// <summary>The account's security stamp when the token or cookie was issued; a different stamp now ends it.</summary>
    public const string StampClaim = "stamp";

    /// <summary>The portal session a cookie belongs to, so that signing out ends that cookie even if a copy was kept.</summary>
    public const string SessionClaim = "sid";

    /// <summary>The owner recorded for a provider user's portal sessions: never a local account name (those have no ':').</summary>
    public static string ProviderSessionOwner(string subject) => $"oidc:{subject}";
}
