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
        var account = accounts.Create(request.Username, request.Password, request.Roles);
        return StatusCode(StatusCodes.Status201Created, new AccountResponse(account.Username, account.Roles, account.CreatedAt));
    }

    [HttpGet]
    public ActionResult<IReadOnlyList<AccountResponse>> List() =>
        accounts.List().Select(a => new AccountResponse(a.Username, a.Roles, a.CreatedAt)).ToList();
}
