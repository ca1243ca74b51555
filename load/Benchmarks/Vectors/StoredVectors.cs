using System.Runtime.InteropServices;
using RagMemory.Storage;

namespace RagMemory.Load.Vectors;

/// <summary>Every vector the host has stored: the real MiniLM embeddings of the ingested chunks.</summary>
public static class StoredVectors
{
    public static IReadOnlyList<float[]> ReadAll(SqliteDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        using var connection = database.Open();
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT vector FROM chunk_vectors ORDER BY key;";
        var vectors = new List<float[]>();
        using var reader = read.ExecuteReader();
        while (reader.Read())
        {
            vectors.Add(MemoryMarshal.Cast<byte, float>((byte[])reader[0]).ToArray());
        }

        return vectors;
    }
}
