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
        Task.FromResult(IsValid(authenticationState));

    /// <summary>The check itself, apart from the timer, so that tests can ask it directly.</summary>
    public bool IsValid(AuthenticationState state)
    {
        if (state.User.Identity?.IsAuthenticated != true)
        {
            return true;
        }

        using var scope = scopes.CreateScope();
        return SignInValidation.IsCurrentCookie(state.User, scope.ServiceProvider);
    }
}
