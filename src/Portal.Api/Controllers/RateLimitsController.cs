using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RagMemory.Api.Contracts;
using RagMemory.Errors;
using RagMemory.Identity;
using RagMemory.RateLimiting;

namespace RagMemory.Api.Controllers;

[ApiController]
[Route("admin/rate-limits")]
[Authorize(Policy = Permissions.Admin)]
public sealed class RateLimitsController(RateLimitRegistry limits) : ControllerBase
{
    /// <summary>Every policy with its limit, window and counters of permitted and rejected requests.</summary>
    [HttpGet]
    public ActionResult<RateLimitsResponse> List() => new RateLimitsResponse(limits.Snapshot());

    /// <summary>Changes a policy at once, without a restart; the change is stored and audited.</summary>
    [HttpPut("{name}")]
    [ProducesResponseType<RateLimitSnapshot>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<RateLimitSnapshot>> Update(string name, UpdateRateLimitRequest request, CancellationToken cancellationToken)
    {
        var current = limits.Snapshot().FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            ?? throw new NotFoundException($"No rate-limit policy named '{name}'. Known: {string.Join(", ", RateLimitPolicies.All)}.");
        return await limits.UpdateAsync(current.Name, request.PermitLimit ?? current.PermitLimit, request.WindowSeconds ?? current.WindowSeconds, User.Identity?.Name ?? "unknown", cancellationToken);
    }

    [HttpGet("audit")]
    public async Task<ActionResult<RateLimitAuditResponse>> Audit(CancellationToken cancellationToken) => new RateLimitAuditResponse(await limits.AuditAsync(cancellationToken: cancellationToken));
}
