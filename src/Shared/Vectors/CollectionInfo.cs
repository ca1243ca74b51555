namespace RagMemory.Vectors;

/// <summary>What <c>/memory/collection/info</c> reports.</summary>
public sealed record CollectionInfo(long Size, int Dimension, string Distance, string IndexState, string Engine);
