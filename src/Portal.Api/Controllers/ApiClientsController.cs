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
    public async Task<ActionResult<CreatedApiClientResponse>> Create(CreateApiClientRequest request, CancellationToken cancellationToken)
    {
        var (client, secret) = await clients.CreateAsync(request.Name, request.Roles, Admin, cancellationToken, request.Namespaces);
        LogCreated(logger, client.ClientId, Admin);
        return StatusCode(StatusCodes.Status201Created, new CreatedApiClientResponse(client.ClientId, client.Name, client.Roles, secret, client.CreatedAt, client.Namespaces));
    }

    [HttpGet]
    public async Task<ActionResult<IReadOnlyList<ApiClientResponse>>> List(CancellationToken cancellationToken) =>
        (await clients.ListAsync(cancellationToken)).Select(ApiClientResponse.From).ToList();

    /// <summary>Revokes the client: its secret and the tokens already issued to it stop working at once.</summary>
    [HttpDelete("{clientId}")]
    [ProducesResponseType<ApiClientResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<ApiClientResponse>> Revoke(string clientId, CancellationToken cancellationToken)
    {
        var client = await clients.RevokeAsync(clientId, Admin, cancellationToken);
        LogRevoked(logger, client.ClientId, Admin);
        return ApiClientResponse.From(client);
    }

    /// <summary>Replaces the namespaces the client may read and write; its tokens issued before stop working, so it asks for a new one.</summary>
    [HttpPut("{clientId}/namespaces")]
    [ProducesResponseType<ApiClientResponse>(StatusCodes.Status200OK)]
    [ProducesResponseType<ValidationProblemDetails>(StatusCodes.Status400BadRequest)]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status404NotFound)]
    public async Task<ActionResult<ApiClientResponse>> SetNamespaces(string clientId, Namespaces.NamespaceGrants? request, CancellationToken cancellationToken)
    {
        var client = await clients.SetNamespacesAsync(clientId, request, cancellationToken);
        LogNamespacesSet(logger, client.ClientId, client.Namespaces.ToString(), Admin);
        return ApiClientResponse.From(client);
    }

    private string Admin => User.Identity?.Name ?? "unknown";

    [LoggerMessage(EventId = 4023, Level = LogLevel.Information, Message = "API client {ClientId} may now {Namespaces} (set by {User})")]
    private static partial void LogNamespacesSet(ILogger logger, string clientId, string namespaces, string user);

    [LoggerMessage(EventId = 4021, Level = LogLevel.Information, Message = "API client {ClientId} created by {User}")]
    private static partial void LogCreated(ILogger logger, string clientId, string user);

    [LoggerMessage(EventId = 4022, Level = LogLevel.Information, Message = "API client {ClientId} revoked by {User}")]
    private static partial void LogRevoked(ILogger logger, string clientId, string user);
}
