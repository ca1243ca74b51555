using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Qdrant.Client.Grpc;
using QdrantService = Qdrant.Client.Grpc.Qdrant;

namespace RagMemory.Tests.Engines.Qdrant;

/// <summary>
/// A TEST DOUBLE of Qdrant's gRPC server, not Qdrant: an <see cref="HttpMessageHandler"/> under the client's
/// <c>GrpcChannel</c> that decodes each call (the 5-byte gRPC frame prefix, then the request message of the method,
/// found in Qdrant.Client's own service descriptors), records it, and answers with an encoded response message and a
/// <c>grpc-status</c> trailer, or with a trailers-only error status, as gRPC and Qdrant document them. It keeps only the
/// collections' configuration (what Create asked for is what Get reports); searches and scrolls answer what a test
/// scripts with <see cref="Answer{TRequest,TResponse}"/>. Qdrant's search semantics are tested against a real Qdrant
/// by the contract suites (<c>RAGMEMORY_TEST_QDRANT</c>).
/// </summary>
public sealed class QdrantGrpcTestDouble : HttpMessageHandler
{
    private static readonly Dictionary<string, MethodDescriptor> Methods =
        new[] { Points.Descriptor, Collections.Descriptor, QdrantService.Descriptor }
            .SelectMany(s => s.Methods)
            .ToDictionary(m => $"/{m.Service.FullName}/{m.Name}");

    private readonly ConcurrentQueue<RecordedCall> _calls = new();
    private readonly ConcurrentDictionary<string, Func<IMessage, IMessage>> _answers = new();
    private readonly ConcurrentDictionary<string, Status> _failures = new();
    private readonly ConcurrentDictionary<string, CollectionInfo> _collections = new();

    public QdrantGrpcTestDouble()
    {
        Answer<CollectionExistsRequest, CollectionExistsResponse>("/qdrant.Collections/CollectionExists", r =>
            new() { Result = new CollectionExists { Exists = _collections.ContainsKey(r.CollectionName) } });
        Answer<CreateCollection, CollectionOperationResponse>("/qdrant.Collections/Create", r =>
        {
            _collections[r.CollectionName] = new CollectionInfo
            {
                Status = CollectionStatus.Green,
                Config = new CollectionConfig
                {
                    Params = new CollectionParams { VectorsConfig = r.VectorsConfig, SparseVectorsConfig = r.SparseVectorsConfig },
                    HnswConfig = new HnswConfigDiff { M = r.HnswConfig.M, EfConstruct = r.HnswConfig.EfConstruct },
                },
            };
            return new() { Result = true };
        });
        Answer<GetCollectionInfoRequest, GetCollectionInfoResponse>("/qdrant.Collections/Get", r => new() { Result = _collections[r.CollectionName] });
        Answer<CreateFieldIndexCollection, PointsOperationResponse>("/qdrant.Points/CreateFieldIndex", _ => Completed());
        Answer<UpsertPoints, PointsOperationResponse>("/qdrant.Points/Upsert", _ => Completed());
        Answer<DeletePoints, PointsOperationResponse>("/qdrant.Points/Delete", _ => Completed());
        Answer<QueryPoints, QueryResponse>("/qdrant.Points/Query", _ => new());
        Answer<CountPoints, CountResponse>("/qdrant.Points/Count", r => new() { Result = new CountResult { Count = _collections[r.CollectionName].PointsCount } });
        Answer<ScrollPoints, ScrollResponse>("/qdrant.Points/Scroll", _ => new());
        Answer<HealthCheckRequest, HealthCheckReply>("/qdrant.Qdrant/HealthCheck", _ => new() { Title = "qdrant - vector search engine", Version = "1.15.0" });
    }

    /// <summary>Every call in the order it arrived.</summary>
    public IReadOnlyList<RecordedCall> Calls => [.. _calls];

    /// <summary>The requests sent to one method (<c>"/qdrant.Points/Upsert"</c>), oldest first.</summary>
    public IReadOnlyList<T> Requests<T>(string method)
        where T : IMessage => [.. _calls.Where(c => c.Method == method).Select(c => (T)c.Request)];

    /// <summary>A collection that exists before the adapter starts, as another process or an older version left it.</summary>
    public void HasCollection(string name, CollectionInfo info) => _collections[name] = info;

    /// <summary>What Get and Count report for the collection from now on.</summary>
    public void SetPointsCount(string name, ulong count) => _collections[name].PointsCount = count;

    public void Answer<TRequest, TResponse>(string method, Func<TRequest, TResponse> answer)
        where TRequest : IMessage
        where TResponse : IMessage => _answers[method] = request => answer((TRequest)request);

    /// <summary>From now on <paramref name="method"/> fails with <paramref name="code"/>, as Qdrant's server or the network would.</summary>
    public void Fail(string method, StatusCode code, string detail) => _failures[method] = new Status(code, detail);

    public void Heal(string method) => _failures.TryRemove(method, out _);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        var body = await request.Content!.ReadAsByteArrayAsync(cancellationToken);
        if (body[0] != 0)
        {
            throw new InvalidOperationException("The client sent a compressed message; the double reads only uncompressed frames.");
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(1, 4));
        var method = Methods.TryGetValue(path, out var found) ? found : throw new InvalidOperationException($"No Qdrant method {path}.");
        var message = method.InputType.Parser.ParseFrom(body.AsSpan(5, length).ToArray());
        var headers = request.Headers.ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase);
        _calls.Enqueue(new RecordedCall(path, message, headers));

        if (_failures.TryGetValue(path, out var failure))
        {
            return TrailersOnly(failure);
        }

        if (!_answers.TryGetValue(path, out var answer))
        {
            return TrailersOnly(new Status(StatusCode.Unimplemented, $"The double has no answer for {path}."));
        }

        var reply = answer(message).ToByteArray();
        var framed = new byte[5 + reply.Length];
        BinaryPrimitives.WriteInt32BigEndian(framed.AsSpan(1, 4), reply.Length);
        reply.CopyTo(framed, 5);
        var response = Response(new ByteArrayContent(framed));
        response.TrailingHeaders.Add("grpc-status", "0");
        return response;
    }

    private static HttpResponseMessage TrailersOnly(Status status)
    {
        var response = Response(new ByteArrayContent([]));
        response.Headers.Add("grpc-status", ((int)status.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
        response.Headers.Add("grpc-message", Uri.EscapeDataString(status.Detail));
        return response;
    }

    private static HttpResponseMessage Response(HttpContent content)
    {
        content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        return new HttpResponseMessage(HttpStatusCode.OK) { Version = HttpVersion.Version20, Content = content };
    }

    private static PointsOperationResponse Completed() => new() { Result = new UpdateResult { OperationId = 1, Status = UpdateStatus.Completed } };
}

/// <summary>One call the double received: the gRPC method path, the decoded request and the request's headers.</summary>
public sealed record RecordedCall(string Method, IMessage Request, IReadOnlyDictionary<string, string> Headers);
