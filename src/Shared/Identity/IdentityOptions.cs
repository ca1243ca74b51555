using System.ComponentModel.DataAnnotations;

namespace RagMemory.Identity;

/// <summary>Local accounts and the built-in token issuer (bound from <c>Identity</c>).</summary>
public sealed class IdentityOptions
{
    public const string SectionName = "Identity";

    /// <summary>Password of the first <c>admin</c> account; when absent one is generated and printed once.</summary>
    public string? BootstrapAdminPassword { get; set; }

    /// <summary>Base64 HMAC key (at least 32 bytes) for our tokens; when absent one is generated into the data folder.</summary>
    public string? SigningKey { get; set; }

    [Required]
    public string Issuer { get; set; } = "ragmemory";

    [Required]
    public string Audience { get; set; } = "ragmemory-api";

    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long a portal cookie lasts from sign-in, however active its holder (absolute, not sliding).</summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00")]
    public TimeSpan CookieLifetime { get; set; } = TimeSpan.FromHours(8);

    /// <summary>
    /// How long an account's security stamp and a session's state are cached per process. A change made by this
    /// process is seen at once; one made by another replica within this time.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:30")]
    public TimeSpan StampCacheDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Wrong passwords one address may try for one account before each further try must wait (1 s, 2 s, 4 s, ...).</summary>
    [Range(1, 1000)]
    public int SignInFreeFailures { get; set; } = 5;

    /// <summary>Wrong passwords one address may try, over all account names, in <see cref="SignInFailureWindow"/>.</summary>
    [Range(1, 1_000_000)]
    public int SignInFailuresPerAddress { get; set; } = 30;

    /// <summary>How long failures are remembered; also the longest wait.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan SignInFailureWindow { get; set; } = TimeSpan.FromMinutes(15);
}
