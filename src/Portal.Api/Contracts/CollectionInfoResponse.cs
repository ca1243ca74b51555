namespace RagMemory.Api.Contracts;

/// <summary>
/// What <c>/memory/collection/info</c> reports: <see cref="Size"/> counts both collections, as it did when they were
/// one; <see cref="ClientVectors"/> and <see cref="Chunks"/> count each. <see cref="IndexState"/> is the clients'
/// index's and <see cref="ChunksIndexState"/> the chunks'.
/// </summary>
public sealed record CollectionInfoResponse(long Size, int Dimension, string Distance, string IndexState, string Engine, long ClientVectors, long Chunks, string ChunksIndexState);
