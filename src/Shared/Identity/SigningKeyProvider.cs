using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using RagMemory.Storage;

namespace RagMemory.Identity;

/// <summary>
/// The HMAC key for our own tokens: from configuration when given, else generated once and kept in the data folder
/// (readable by the owner only) so that tokens survive a restart.
/// </summary>
public sealed class SigningKeyProvider
{
    public SigningKeyProvider(IOptions<IdentityOptions> identity, IOptions<StorageOptions> storage)
    {
        var configured = identity.Value.SigningKey;
        var bytes = configured is not null ? Convert.FromBase64String(configured) : LoadOrCreate(Path.Combine(Path.GetFullPath(storage.Value.DataDirectory), "signing.key"));
        if (bytes.Length < 32)
        {
            throw new InvalidOperationException("Identity:SigningKey must be base64 of at least 32 bytes.");
        }

        Key = new SymmetricSecurityKey(bytes) { KeyId = "ragmemory-1" };
    }

    public SymmetricSecurityKey Key { get; }

    private static byte[] LoadOrCreate(string path)
    {
        if (File.Exists(path))
        {
            return Convert.FromBase64String(File.ReadAllText(path).Trim());
        }

        var bytes = System.Security.Cryptography.RandomNumberGenerator.GetBytes(64);
        PrivateFiles.WriteAllText(path, Convert.ToBase64String(bytes));
        return bytes;
    }
}
