using System.Net.Http.Json;
using RagMemory.RateLimiting;

namespace RagMemory.LoadTest.Scenarios;

/// <summary>
/// The scenarios by name. <c>seed</c> is the plan's locust scenario (Priority 5) request for request: weights 10/5/3/2/1,
/// the same routes, bodies and random ids; its ingest ids repeat with other texts, so some answers are the 409 the API
/// promises for that. <c>answers</c> is the seed scenario plus answers (<c>POST /hybrid/generate</c>), so that a load
/// reaches the answer generator too. <c>search</c> is vector search alone, for the maximum throughput of one route.
/// </summary>
public static class ScenarioCatalog
{
    public const int Dimensions = 384;

    public static readonly IReadOnlyList<string> Names = ["seed", "answers", "search"];

    /// <summary>The plan's upsert vector, <c>[0.1 * i for i in range(384)]</c>: the same for every id.</summary>
    private static readonly float[] PlanVector = Enumerable.Range(0, Dimensions).Select(i => 0.1f * i).ToArray();

    public static IReadOnlyList<LoadTask> Named(string name) => name switch
    {
        "seed" => Seed(),
        "answers" => SeedWithAnswers(),
        "search" => [VectorSearch(1)],
        _ => throw new ArgumentException($"Unknown scenario '{name}'. Known: {string.Join(", ", Names)}.", nameof(name)),
    };

    public static IReadOnlyList<LoadTask> Seed() => [VectorSearch(10), GraphFind(5), Ingest(3), Upsert(2), CreateNode(1)];

    /// <summary>The seed scenario's mix with one answer for about every seven requests.</summary>
    public static IReadOnlyList<LoadTask> SeedWithAnswers() => [.. Seed(), Generate(3)];

    /// <summary>
    /// A question about the seed scenario's ingested texts (<c>Sample text n</c>), non-streaming: the answer generator is
    /// asked even when no passage matches, and told to say it does not know.
    /// </summary>
    public static LoadTask Generate(int weight) => new("generate", weight, RateLimitPolicies.Generate, random =>
        Post("/hybrid/generate", new { query = $"What does sample text {random.Next(1, 1001)} say?" }));

    /// <summary>A random unit query rather than the plan's constant one, so that searches do not all walk the same path.</summary>
    public static LoadTask VectorSearch(int weight) => new("vector_search", weight, RateLimitPolicies.Search, random =>
        Post("/memory/search", new { query_vector = RandomVectors.Unit(random, Dimensions), limit = 10 }));

    public static LoadTask GraphFind(int weight) => new("graph_search", weight, RateLimitPolicies.GraphRead, random =>
        Post("/graph/node/find", new { label = "Entity", properties = new { name = $"entity_{random.Next(1, 101)}" } }));

    public static LoadTask Ingest(int weight) => new("ingest", weight, RateLimitPolicies.Ingest, random =>
        Post("/ingest/", new { id = $"event_{random.Next(1, 10_001)}", text = $"Sample text {random.Next(1, 1001)}", metadata = new { source = "test" } }));

    /// <summary>Ten distinct ids of 1..1000: the plan draws them independently, but one request naming an id twice says nothing a client means.</summary>
    public static LoadTask Upsert(int weight) => new("upsert", weight, RateLimitPolicies.Upsert, random =>
        Post("/memory/upsert", new
        {
            vectors = DistinctIds(random, 10, 1000).Select((id, i) => new { id, vector = PlanVector, payload = new { text = $"doc_{i}" } }).ToList(),
        }));

    public static LoadTask CreateNode(int weight) => new("create_node", weight, RateLimitPolicies.GraphWrite, random =>
        Post("/graph/node", new { label = "Entity", properties = new { name = $"entity_{random.Next(1, 1001)}", type = "test" } }));

    private static List<int> DistinctIds(Random random, int count, int max)
    {
        var ids = new HashSet<int>();
        while (ids.Count < count)
        {
            ids.Add(random.Next(1, max + 1));
        }

        return ids.ToList();
    }

    private static HttpRequestMessage Post<T>(string path, T body) => new(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
}
