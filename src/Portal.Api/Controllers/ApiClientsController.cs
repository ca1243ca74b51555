using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RagMemory.Api.Contracts;
using RagMemory.Identity;

namespace RagMemory.Api.Controllers;

/// <summary>Programs that get tokens with their own id and secret: create (the secret is shown once), list, revoke.</summary>
[ApiController]
[Route("admin/clients")]
[Authorize(Policy = Permissions.Admin)]
public sealed partial class ApiClientsController(ApiClientStore clients, ILogger<ApiClientsController> logger) : ControllerBase
{
    [HttpPost]
    [ProducesResponseType<CreatedApiClientResponse>(StatusCodes.Status201Created)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    public ActionResult<CreatedApiClientResponse> Create(CreateApiClientRequest request)
    {
        var (client, secret) = clients.Create(request.Name, request.Roles, Admin);
        LogCreated(logger, client.ClientId, Admin);
        return StatusCode(StatusCodes.Status201Created, new CreatedApiClientResponse(client.ClientId, client.Name, client.Roles, secret, client.CreatedAt));
    }

    [HttpGet]
    public ActionResult<IReadOnlyList<ApiClientResponse>> List() => clients.List().Select(ApiClientResponse.From).ToList();

    /// <summary>Revokes the client: its secret and the tokens already issued to it stop working at once.</summary>
    [HttpDelete("{clientId}")]
    [ProducesResponseType<ApiClientResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public ActionResult<ApiClientResponse> Revoke(string clientId)
    {
        var client = clients.Revoke(clientId, Admin);
        LogRevoked(logger, client.ClientId, Admin);
        return ApiClientResponse.From(client);
    }

    private string Admin => User.Identity?.Name ?? "unknown";

    [LoggerMessage(EventId = 4021, Level = LogLevel.Information, Message = "API client {ClientId} created by {User}")]
    private static partial void LogCreated(ILogger logger, string clientId, string user);

    [LoggerMessage(EventId = 4022, Level = LogLevel.Information, Message = "API client {ClientId} revoked by {User}")]
    private static partial void LogRevoked(ILogger logger, string clientId, string user);
}
