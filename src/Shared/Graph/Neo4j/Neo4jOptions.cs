namespace RagMemory.Graph.Neo4j;

/// <summary>
/// Where the Neo4j graph lives and how to sign in (bound from <c>Neo4j</c>, checked by <see cref="Neo4jOptionsValidation"/>
/// at start). Either <see cref="User"/> with <see cref="Password"/> (basic authentication) or <see cref="BearerToken"/>
/// (single sign-on): never both, never neither.
/// </summary>
public sealed class Neo4jOptions
{
    public const string SectionName = "Neo4j";

    /// <summary>The HTTP address of the server (<c>http://localhost:7474</c>), without credentials; the Query API lives beneath it.</summary>
    public string Url { get; set; } = "http://localhost:7474";

    public string Database { get; set; } = "neo4j";

    public string? User { get; set; }

    public string? Password { get; set; }

    public string? BearerToken { get; set; }

    /// <summary>Longest one request may take before it is given up as a timeout (504).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The Query API endpoint of <see cref="Database"/>.</summary>
    public Uri QueryUri => new($"{Url.TrimEnd('/')}/db/{Uri.EscapeDataString(Database)}/query/v2");
}
