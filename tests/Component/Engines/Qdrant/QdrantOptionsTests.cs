using System.ComponentModel.DataAnnotations;
using RagMemory.Qdrant;

namespace RagMemory.Tests.Engines.Qdrant;

/// <summary>The <c>Qdrant</c> section is validated at start, each message naming the key at fault.</summary>
public sealed class QdrantOptionsTests
{
    [Fact]
    public void The_defaults_with_an_endpoint_are_valid()
    {
        Assert.Empty(Validate(new QdrantOptions { Endpoint = new Uri("http://localhost:6334") }));
    }

    [Fact]
    public void A_missing_endpoint_is_refused_naming_Qdrant_Endpoint()
    {
        Assert.Contains(Validate(new QdrantOptions()), m => m.StartsWith("Qdrant:Endpoint is required", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("ftp://qdrant:6334")]
    [InlineData("qdrant:6334")]
    public void An_endpoint_that_is_not_http_or_https_is_refused(string endpoint)
    {
        Assert.Contains(Validate(new QdrantOptions { Endpoint = new Uri(endpoint, UriKind.RelativeOrAbsolute) }), m => m.StartsWith("Qdrant:Endpoint must be an absolute http or https address", StringComparison.Ordinal));
    }

    [Fact]
    public void Settings_out_of_range_are_refused_each_by_its_key()
    {
        var messages = Validate(new QdrantOptions { Endpoint = new Uri("http://q:6334"), Dimensions = 0, HnswM = 1, HnswEfSearch = 5, Bm25B = 2, VectorsCollection = "bad name" });

        foreach (var key in new[] { "Qdrant:Dimensions", "Qdrant:HnswM", "Qdrant:HnswEfSearch", "Qdrant:Bm25B", "Qdrant:VectorsCollection" })
        {
            Assert.Contains(messages, m => m.StartsWith(key, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_distance_other_than_cosine_or_dot_is_refused()
    {
        Assert.Contains(Validate(new QdrantOptions { Endpoint = new Uri("http://q:6334"), Distance = (QdrantDistance)7 }), m => m.StartsWith("Qdrant:Distance must be Cosine or Dot", StringComparison.Ordinal));
    }

    [Fact]
    public void The_three_collections_must_differ()
    {
        Assert.Contains(Validate(new QdrantOptions { Endpoint = new Uri("http://q:6334"), ChunksCollection = "ragmemory_vectors" }), m => m.Contains("three different collections", StringComparison.Ordinal));
    }

    [Fact]
    public void The_host_does_not_start_on_Qdrant_without_an_endpoint_and_says_which_key()
    {
        using var factory = new Api.RagMemoryApiFactory();
        factory.Settings["Engines:Vectors"] = "Qdrant";

        var refused = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("Qdrant:Endpoint is required", refused.Message, StringComparison.Ordinal);
    }

    private static List<string> Validate(QdrantOptions options)
    {
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        return [.. results.Select(r => r.ErrorMessage!)];
    }
}
