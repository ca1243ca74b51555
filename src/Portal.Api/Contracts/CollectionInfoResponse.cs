namespace RagMemory.Api.Contracts;

/// <summary>
/// What <c>/memory/collection/info</c> reports: <see cref="Size"/> counts both collections, as it did when they were
/// one; <see cref="ClientVectors"/> and <see cref="Chunks"/> count each.
/// </summary>
public sealed record CollectionInfoResponse(long Size, int Dimension, string Distance, string IndexState, string Engine, long ClientVectors, long Chunks);
