using Grpc.Core;
using Qdrant.Client;
using Qdrant.Client.Grpc;

namespace RagMemory.Qdrant;

/// <summary>
/// One of our collections on one client: created when missing (with its payload indexes), checked against the
/// settings when present, once per process. Start asks for it first (<see cref="QdrantCollectionsStartup"/>); when
/// Qdrant was down then, the first call asks again, so a late Qdrant costs failed calls, not a restart.
/// </summary>
public sealed class QdrantCollection(QdrantClient client, QdrantCollectionSpec spec, string location)
{
    private readonly Lock _gate = new();
    private Task? _ready;

    public string Name => spec.Name;

    public QdrantClient Client => client;

    public QdrantCollectionSpec Spec => spec;

    /// <summary>The endpoint without credentials.</summary>
    public string Location => location;

    /// <summary>One call on the prepared collection, its failure classified (<see cref="QdrantFailures"/>), <paramref name="field"/> named when Qdrant calls the request invalid.</summary>
    public async Task<T> CallAsync<T>(string operation, string? field, Func<QdrantClient, Task<T>> call, CancellationToken cancellationToken)
    {
        await EnsureAsync(cancellationToken).ConfigureAwait(false);
        return await QdrantFailures.Call(operation, field, () => call(client), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the points <paramref name="filter"/> selects, waiting until Qdrant has applied it.</summary>
    public Task DeleteWhereAsync(string operation, string field, Filter filter, CancellationToken cancellationToken) =>
        CallAsync(operation, field, c => c.DeleteAsync(spec.Name, filter, wait: true, cancellationToken: cancellationToken), cancellationToken);

    public Task EnsureAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_ready is null || _ready.IsFaulted || _ready.IsCanceled)
            {
                _ready = QdrantFailures.Call($"preparing collection {spec.Name}", null, () => CreateOrCheckAsync(cancellationToken), cancellationToken);
            }

            return _ready;
        }
    }

    private async Task CreateOrCheckAsync(CancellationToken cancellationToken)
    {
        if (!await client.CollectionExistsAsync(spec.Name, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await client.CreateCollectionAsync(spec.ToCreateRequest(), cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException exception) when (exception.StatusCode is StatusCode.AlreadyExists or StatusCode.InvalidArgument)
            {
                // Another instance may have created it between our check and our create; if not, the refusal stands.
                if (!await client.CollectionExistsAsync(spec.Name, cancellationToken).ConfigureAwait(false))
                {
                    throw;
                }
            }
        }

        // Creating an index that exists is a no-op in Qdrant, so this also adds indexes a newer version needs.
        foreach (var field in spec.KeywordIndexes)
        {
            await client.CreatePayloadIndexAsync(spec.Name, field, PayloadSchemaType.Keyword, spec.IndexParams(field), cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        var info = await client.GetCollectionInfoAsync(spec.Name, cancellationToken).ConfigureAwait(false);
        if (spec.Mismatch(info) is { } mismatch)
        {
            throw spec.Refusal(mismatch);
        }
    }
}
