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
    public ActionResult<RateLimitSnapshot> Update(string name, UpdateRateLimitRequest request)
    {
        var current = limits.Snapshot().FirstOrDefault(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase))
            ?? throw new NotFoundException($"No rate-limit policy named '{name}'. Known: {string.Join(", ", RateLimitPolicies.All)}.");
        return limits.Update(current.Name, request.PermitLimit ?? current.PermitLimit, request.WindowSeconds ?? current.WindowSeconds, User.Identity?.Name ?? "unknown");
    }

    [HttpGet("audit")]
    public ActionResult<RateLimitAuditResponse> Audit() => new RateLimitAuditResponse(limits.Audit());
}
