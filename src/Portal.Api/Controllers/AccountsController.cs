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
    public ActionResult<AccountResponse> Create(CreateAccountRequest request)
    {
        var account = accounts.Create(request.Username, request.Password, request.Roles, Caller);
        return StatusCode(StatusCodes.Status201Created, AccountResponse.From(account));
    }

    [HttpGet]
    public ActionResult<IReadOnlyList<AccountResponse>> List() => accounts.List().Select(AccountResponse.From).ToList();

    /// <summary>Changes roles, disables or enables, or resets the password; every change ends the account's tokens and cookies.</summary>
    [HttpPut("{name}")]
    [ProducesResponseType<AccountResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public ActionResult<AccountResponse> Update(string name, UpdateAccountRequest request) =>
        AccountResponse.From(accounts.Update(name, request.Roles, request.Disabled, request.Password, Caller));

    [HttpDelete("{name}")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status409Conflict)]
    public IActionResult Delete(string name)
    {
        accounts.Delete(name, Caller);
        return NoContent();
    }

    /// <summary>Who did what to which account, newest first.</summary>
    [HttpGet("audit")]
    public ActionResult<IReadOnlyList<AccountAuditResponse>> Audit() =>
        accounts.Audit().Select(e => new AccountAuditResponse(e.Username, e.Action, e.DoneBy, e.DoneAt)).ToList();

    private string Caller => User.Identity?.Name ?? "unknown";
}
