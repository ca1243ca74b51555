using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace RagMemory.Identity;

/// <summary>The built-in issuer behind <c>POST /auth/token</c>: short-lived HS256 JWTs carrying an account's or a client's roles.</summary>
public sealed class TokenIssuer(SigningKeyProvider keys, IOptions<IdentityOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new();

    public IssuedToken Issue(Account account) => Issue(AccountClaims.For(account, options.Value.Issuer));

    public IssuedToken Issue(ApiClient client) => Issue(AccountClaims.For(client, options.Value.Issuer));

    private IssuedToken Issue(IEnumerable<Claim> subjectClaims)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var lifetime = options.Value.TokenLifetime;
        // The descriptor sets the issuer; the subject's own claims must not repeat it.
        var claims = subjectClaims.Where(c => c.Type != "iss");
        var token = _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = options.Value.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + lifetime,
            SigningCredentials = new SigningCredentials(keys.Key, SecurityAlgorithms.HmacSha256),
        });
        return new IssuedToken(token, (int)lifetime.TotalSeconds);
    }
}
