using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace RagMemory.Identity;

/// <summary>
/// On the first start with no accounts, creates <c>admin</c> with the configured password, or with a generated one
/// printed once to standard error on lines of its own, apart from the log stream on standard output (and never to the
/// log files), so that a person sees it and a script can read it.
/// </summary>
public sealed partial class BootstrapAdmin(AccountStore accounts, IOptions<IdentityOptions> options, ILogger<BootstrapAdmin> logger) : IHostedService
{
    public const string Username = "admin";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (await accounts.AnyAsync(cancellationToken))
        {
            return;
        }

        var configured = options.Value.BootstrapAdminPassword;
        var password = string.IsNullOrEmpty(configured) ? GeneratePassword() : configured;
        try
        {
            await accounts.CreateAsync(Username, password, [Roles.Admin], cancellationToken: cancellationToken);
        }
        catch (Errors.ConflictException)
        {
            // Another replica on the same state store, starting at the same time, created it first.
            return;
        }

        if (string.IsNullOrEmpty(configured))
        {
            Console.Error.WriteLine($"""

                RagMemory created the first account. It is shown only this once:
                    Password of '{Username}': {password}
                Sign in at /login, then create named accounts on the Accounts page.

                """);
        }

        LogCreated(logger, Username, string.IsNullOrEmpty(configured) ? "generated" : "configured");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string GeneratePassword() =>
        Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18)).Replace('+', 'x').Replace('/', 'y');

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "Created the first account {Username} with a {PasswordSource} password")]
    private static partial void LogCreated(ILogger logger, string username, string passwordSource);
}
