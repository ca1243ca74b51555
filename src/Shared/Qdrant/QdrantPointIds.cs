using System.Security.Cryptography;
using System.Text;
using RagMemory.Namespaces;

namespace RagMemory.Qdrant;

/// <summary>
/// Qdrant point ids are unsigned integers or UUIDs; ours are strings or integers unique within a namespace. A point's id
/// is the UUIDv5 (RFC 9562, SHA-1) of <c>namespace + "\n" + the id's JSON form</c> in a namespace UUID of our own: the
/// same record always lands on the same point (so an upsert replaces it), <c>1</c> and <c>"1"</c> land apart, and two
/// namespaces never share a point. The original id is kept in the payload and read back from there, never from the UUID.
/// </summary>
public static class QdrantPointIds
{
    /// <summary>RagMemory's own UUIDv5 namespace (a random UUID fixed once; changing it would orphan every stored point).</summary>
    public static readonly Guid Namespace = new("7b0c59a4-3c2e-4c8e-9a51-5d1f8e2b6a17");

    public static Guid For(MemoryNamespace ns, RecordId id) => UuidV5(Namespace, $"{ns.Name}\n{id.Json}");

    public static Guid UuidV5(Guid space, string name)
    {
        var spaceBytes = space.ToByteArray(bigEndian: true);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[spaceBytes.Length + nameBytes.Length];
        spaceBytes.CopyTo(input, 0);
        nameBytes.CopyTo(input, spaceBytes.Length);

        // SHA-1 is what RFC 9562 prescribes for version 5: a name-based id, not a security boundary.
#pragma warning disable CA5350
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
