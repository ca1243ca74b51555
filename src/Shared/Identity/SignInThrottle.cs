using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RagMemory.Errors;
using RagMemory.Logging;

namespace RagMemory.Identity;

/// <summary>
/// Slows password guessing on both sign-in paths (the portal's form and <c>/auth/token</c>). Failures are counted per
/// address and per (account name, address): after a few failures for one name, each further try from that address
/// waits twice as long as the last; over all names, an address gets a fixed number of failures per window. Both are
/// keyed by the guesser's address, so nobody elsewhere can lock the real owner out. A refused try costs no password
/// hash. IPv6 addresses count by their /64, which one host usually holds whole.
/// </summary>
public sealed partial class SignInThrottle(TimeProvider time, IOptions<IdentityOptions> options, ILogger<SignInThrottle> logger)
{
    public const string Policy = "sign-in";
    private const int MaxEntries = 100_000;
    private readonly ConcurrentDictionary<string, Failures> _failures = new(StringComparer.Ordinal);

    /// <summary>Throws <see cref="RateLimitExceededException"/> while this address, or this name from this address, must wait.</summary>
    public void Check(string? username, IPAddress? address)
    {
        if (Wait(username, address) is { } wait)
        {
            throw new RateLimitExceededException(Policy, wait);
        }
    }

    /// <summary>How long this address, or this name from this address, must still wait; null when it may try now.</summary>
    public TimeSpan? Wait(string? username, IPAddress? address)
    {
        var now = time.GetUtcNow();
        var settings = options.Value;
        var wait = TimeSpan.Zero;
        if (_failures.TryGetValue(AddressKey(address), out var byAddress) && byAddress.Count >= settings.SignInFailuresPerAddress && now < byAddress.First + settings.SignInFailureWindow)
        {
            wait = byAddress.First + settings.SignInFailureWindow - now;
        }

        if (_failures.TryGetValue(PairKey(username, address), out var byPair) && byPair.Until > now)
        {
            wait = TimeSpan.FromTicks(Math.Max(wait.Ticks, (byPair.Until - now).Ticks));
        }

        if (wait > TimeSpan.Zero)
        {
            LogThrottled(logger, LogText.Safe(username), Partition(address), Math.Ceiling(wait.TotalSeconds));
            return wait;
        }

        return null;
    }

    /// <summary>Counts a wrong password (logged with the name and address, never the password).</summary>
    public void Failed(string? username, IPAddress? address)
    {
        var now = time.GetUtcNow();
        var settings = options.Value;
        Prune(now, settings.SignInFailureWindow);
        _failures.AddOrUpdate(AddressKey(address), _ => new Failures(1, now, now, now), (_, old) => now >= old.First + settings.SignInFailureWindow
            ? new Failures(1, now, now, now)
            : old with { Count = old.Count + 1, Last = now });
        var pair = _failures.AddOrUpdate(PairKey(username, address), _ => Next(1, now, now, settings), (_, old) => now >= old.Last + settings.SignInFailureWindow
            ? Next(1, now, now, settings)
            : Next(old.Count + 1, old.First, now, settings));
        LogFailed(logger, LogText.Safe(username), Partition(address), pair.Count);
    }

    /// <summary>The right password from this address: its count for this name starts again.</summary>
    public void Succeeded(string username, IPAddress? address) => _failures.TryRemove(PairKey(username, address), out _);

    private static Failures Next(int count, DateTimeOffset first, DateTimeOffset now, IdentityOptions settings)
    {
        var over = count - settings.SignInFreeFailures;
        var delay = over <= 0 ? TimeSpan.Zero : TimeSpan.FromSeconds(Math.Min(Math.Pow(2, Math.Min(over - 1, 30)), settings.SignInFailureWindow.TotalSeconds));
        return new Failures(count, first, now, now + delay);
    }

    private void Prune(DateTimeOffset now, TimeSpan window)
    {
        if (_failures.Count < MaxEntries)
        {
            return;
        }

        foreach (var (key, value) in _failures)
        {
            if (now >= value.Last + window && now >= value.Until)
            {
                _failures.TryRemove(key, out _);
            }
        }
    }

    private static string AddressKey(IPAddress? address) => $"ip:{Partition(address)}";

    private static string PairKey(string? username, IPAddress? address) => $"pair:{Partition(address)}:{(username ?? string.Empty).ToUpperInvariant()}";

    /// <summary>The address a failure counts against: IPv4 as it is, IPv6 by its /64 network.</summary>
    public static string Partition(IPAddress? address)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return $"{new IPAddress(bytes)}/64";
    }

    private sealed record Failures(int Count, DateTimeOffset First, DateTimeOffset Last, DateTimeOffset Until);

    [LoggerMessage(EventId = 1010, Level = LogLevel.Warning, Message = "Failed sign-in for {Username} from {Address} ({Failures} in a row)")]
    private static partial void LogFailed(ILogger logger, string username, string address, int failures);

    [LoggerMessage(EventId = 1011, Level = LogLevel.Warning, Message = "Sign-in for {Username} from {Address} refused for {RetryAfterSeconds} s after too many failures")]
    private static partial void LogThrottled(ILogger logger, string username, string address, double retryAfterSeconds);
}
