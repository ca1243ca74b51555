using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RagMemory.Api.Contracts;
using RagMemory.Api.RequestPolicies;
using RagMemory.Errors;
using RagMemory.Identity;
using RagMemory.RateLimiting;

namespace RagMemory.Api.Controllers;

[ApiController]
[Route("auth")]
[AllowAnonymous]
public sealed partial class AuthController(AccountStore accounts, ApiClientStore clients, TokenIssuer issuer, SignInThrottle throttle, ILogger<AuthController> logger) : ControllerBase
{
    /// <summary>Exchanges a local account's name and password, or an API client's id and secret, for a bearer token.</summary>
    [HttpPost("token")]
    [RateLimited(RateLimitPolicies.Token)]
    [ProducesResponseType<TokenResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized)]
    public async Task<ActionResult<TokenResponse>> Token(TokenRequest request, CancellationToken cancellationToken)
    {
        // A token must not be kept by any cache between here and the caller (RFC 6749 5.1).
        Response.Headers.CacheControl = "no-store";
        Response.Headers.Pragma = "no-cache";
        if (request.ClientId is not null || request.ClientSecret is not null)
        {
            return await ClientTokenAsync(request, cancellationToken);
        }

        if (string.IsNullOrEmpty(request.Username) || string.IsNullOrEmpty(request.Password))
        {
            throw new InvalidInputException(string.IsNullOrEmpty(request.Username) ? "username" : "password", "Both 'username' and 'password' are required.");
        }

        var address = HttpContext.Connection.RemoteIpAddress;
        throttle.Check(request.Username, address);
        var account = await accounts.VerifyAsync(request.Username, request.Password, cancellationToken);
        if (account is null)
        {
            throttle.Failed(request.Username, address);
            return Problem(detail: "Unknown username or wrong password.", statusCode: StatusCodes.Status401Unauthorized);
        }

        throttle.Succeeded(account.Username, address);

        var token = issuer.Issue(account);
        return new TokenResponse(token.AccessToken, "bearer", token.ExpiresInSeconds);
    }

    private async Task<ActionResult<TokenResponse>> ClientTokenAsync(TokenRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.ClientId) || string.IsNullOrEmpty(request.ClientSecret))
        {
            throw new InvalidInputException(string.IsNullOrEmpty(request.ClientId) ? "client_id" : "client_secret", "Both 'client_id' and 'client_secret' are required.");
        }

        var client = await clients.VerifyAsync(request.ClientId, request.ClientSecret, cancellationToken);
        if (client is null)
        {
            LogClientSignInFailed(logger, Logging.LogText.Safe(request.ClientId));
            return Problem(detail: "Unknown or revoked client, or wrong secret.", statusCode: StatusCodes.Status401Unauthorized);
        }

        var token = issuer.Issue(client);
        return new TokenResponse(token.AccessToken, "bearer", token.ExpiresInSeconds);
    }

    [LoggerMessage(EventId = 4002, Level = LogLevel.Warning, Message = "Failed client sign-in for {ClientId}")]
    private static partial void LogClientSignInFailed(ILogger logger, string clientId);
}
