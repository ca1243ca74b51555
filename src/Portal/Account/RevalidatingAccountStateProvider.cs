using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using RagMemory.Identity;

namespace RagMemory.Portal.Account;

/// <summary>
/// An open Blazor circuit re-checks its user every <see cref="Interval"/>: once the account is disabled, deleted,
/// re-passworded or signed out, the circuit's user becomes anonymous and its pages stop rendering for them.
/// </summary>
public sealed class RevalidatingAccountStateProvider(ILoggerFactory loggerFactory, IServiceScopeFactory scopes)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    /// <summary>Short, so that a revoked user loses an open page within half a minute; the stamp cache keeps each check cheap.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override TimeSpan RevalidationInterval => Interval;

    protected override Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken) =>
        IsValidAsync(authenticationState, cancellationToken);

    /// <summary>The check itself, apart from the timer, so that tests can ask it directly.</summary>
    public async Task<bool> IsValidAsync(AuthenticationState state, CancellationToken cancellationToken = default)
    {
        if (state.User.Identity?.IsAuthenticated != true)
        {
            return true;
        }

        using var scope = scopes.CreateScope();
        return await SignInValidation.IsCurrentCookieAsync(state.User, scope.ServiceProvider, cancellationToken);
    }
}
