using RagMemory.Namespaces;

namespace RagMemory.Api.Contracts;

/// <summary>
/// What <c>/memory/collection/info</c> reports, over the namespaces in <see cref="Namespaces"/> only (those the caller
/// may read, or the one it named): <see cref="Size"/> counts clients' vectors and chunks, as it did when they were one
/// collection; <see cref="ClientVectors"/> and <see cref="Chunks"/> count each. <see cref="IndexState"/> is the clients'
/// index's and <see cref="ChunksIndexState"/> the chunks'.
/// </summary>
public sealed record CollectionInfoResponse(long Size, int Dimension, string Distance, string IndexState, string Engine, long ClientVectors, long Chunks, string ChunksIndexState, IReadOnlyList<NamespaceCount> Namespaces);
