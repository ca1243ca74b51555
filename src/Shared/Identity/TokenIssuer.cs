using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace RagMemory.Identity;

/// <summary>The built-in issuer behind <c>POST /auth/token</c>: short-lived HS256 JWTs carrying the account's roles.</summary>
public sealed class TokenIssuer(SigningKeyProvider keys, IOptions<IdentityOptions> options, TimeProvider time)
{
    private readonly JsonWebTokenHandler _handler = new();

    public IssuedToken Issue(Account account)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var lifetime = options.Value.TokenLifetime;
        var claims = new List<Claim> { new(JwtRegisteredClaimNames.Sub, account.Username), new("name", account.Username) };
        claims.AddRange(account.Roles.Select(r => new Claim("role", r)));
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
