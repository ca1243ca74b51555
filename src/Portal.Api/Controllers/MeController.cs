using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using RagMemory.Api.Contracts;
using RagMemory.Errors;
using RagMemory.Identity;

namespace RagMemory.Api.Controllers;

/// <summary>What a signed-in local account does to itself. Every account holds at least memory:read.</summary>
[ApiController]
[Route("me")]
[Authorize(Policy = Permissions.Read)]
public sealed class MeController(AccountStore accounts, IOptions<IdentityOptions> identity) : ControllerBase
{
    /// <summary>Changes the caller's own password; every token and cookie of the account ends, this one included.</summary>
    [HttpPut("password")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> ChangePassword(ChangePasswordRequest request, CancellationToken cancellationToken)
    {
        await accounts.ChangePasswordAsync(LocalAccount(), request.CurrentPassword, request.NewPassword, cancellationToken);
        return NoContent();
    }

    /// <summary>API clients and people of the identity provider have no local password to change.</summary>
    private string LocalAccount() =>
        User.FindFirst("iss")?.Value == identity.Value.Issuer && User.FindFirst(AccountClaims.ClientIdClaim) is null && User.FindFirst("sub")?.Value is { } username
            ? username
            : throw new ConflictException("Only a local account has a password here; API clients are revoked, and people of the identity provider manage theirs there.");
}
