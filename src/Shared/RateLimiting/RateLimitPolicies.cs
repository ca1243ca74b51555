namespace RagMemory.RateLimiting;

/// <summary>The seed's tiers by operation: names used in configuration, on routes and by portal actions.</summary>
public static class RateLimitPolicies
{
    public const string Token = "token";
    public const string Ingest = "ingest";
    public const string Upsert = "upsert";
    public const string GraphWrite = "graph-write";
    public const string Search = "search";
    public const string GraphRead = "graph-read";
    public const string Generate = "generate";

    public static readonly IReadOnlyList<string> All = [Token, Ingest, Upsert, GraphWrite, Search, GraphRead, Generate];
}
