using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RagMemory.Api.Contracts;
using RagMemory.Identity;

namespace RagMemory.Api.Controllers;

[ApiController]
[Route("admin/accounts")]
[Authorize(Policy = Permissions.Admin)]
public sealed class AccountsController(AccountStore accounts) : ControllerBase
{
    [HttpPost]
    [ProducesResponseType<AccountResponse>(StatusCodes.Status201Created)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<ActionResult<AccountResponse>> Create(CreateAccountRequest request, CancellationToken cancellationToken)
    {
        var account = await accounts.CreateAsync(request.Username, request.Password, request.Roles, Caller, cancellationToken, request.Namespaces);
        return StatusCode(StatusCodes.Status201Created, AccountResponse.From(account));
    }

    [HttpGet]
    public async Task<ActionResult<IReadOnlyList<AccountResponse>>> List(CancellationToken cancellationToken) =>
        (await accounts.ListAsync(cancellationToken)).Select(AccountResponse.From).ToList();

    /// <summary>Changes roles, disables or enables, or resets the password; every change ends the account's tokens and cookies.</summary>
    [HttpPut("{name}")]
    [ProducesResponseType<AccountResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<ActionResult<AccountResponse>> Update(string name, UpdateAccountRequest request, CancellationToken cancellationToken) =>
        AccountResponse.From(await accounts.UpdateAsync(name, request.Roles, request.Disabled, request.Password, Caller, cancellationToken, request.Namespaces));

    [HttpDelete("{name}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public async Task<IActionResult> Delete(string name, CancellationToken cancellationToken)
    {
        await accounts.DeleteAsync(name, Caller, cancellationToken);
        return NoContent();
    }

    /// <summary>Who did what to which account, newest first.</summary>
    [HttpGet("audit")]
    public async Task<ActionResult<IReadOnlyList<AccountAuditResponse>>> Audit(CancellationToken cancellationToken) =>
        (await accounts.AuditAsync(cancellationToken: cancellationToken)).Select(e => new AccountAuditResponse(e.Username, e.Action, e.DoneBy, e.DoneAt)).ToList();

    private string Caller => User.Identity?.Name ?? "unknown";
}
