using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace RagMemory.Identity;

/// <summary>Writes an RFC 9457 problem response through the app's problem details service.</summary>
public static class ApiProblems
{
    public static async Task WriteAsync(HttpContext context, int status, string detail)
    {
        context.Response.StatusCode = status;
        var service = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await service.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Detail = detail },
        }).ConfigureAwait(false);
    }

    /// <summary>Bearer events that answer 401 and 403 as problems (never an empty body), for every bearer scheme.</summary>
    public static JwtBearerEvents BearerEvents(Func<TokenValidatedContext, Task>? onTokenValidated = null) => new()
    {
        OnTokenValidated = onTokenValidated ?? (_ => Task.CompletedTask),
        OnChallenge = context =>
        {
            context.HandleResponse();
            return WriteAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "A valid bearer token is required.");
        },
        OnForbidden = context => WriteAsync(context.HttpContext, StatusCodes.Status403Forbidden, "The token lacks the permission this route needs."),
    };
}
