using RagMemory.Errors;
using RagMemory.Namespaces;

namespace RagMemory.Tests.Namespaces;

public sealed class MemoryNamespaceTests
{
    [Theory]
    [InlineData("default")]
    [InlineData("team-a")]
    [InlineData("0_tenant")]
    public void Parse_accepts_lower_case_names(string name) => Assert.Equal(name, MemoryNamespace.Parse(name).Name);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("Team")]
    [InlineData("-a")]
    [InlineData("a/b")]
    [InlineData("a\n")]
    public void Parse_refuses_other_names_naming_the_field(string? name)
    {
        var refused = Assert.Throws<InvalidInputException>(() => MemoryNamespace.Parse(name, "filter.namespace"));
        Assert.Equal("filter.namespace", refused.Field);
    }

    [Fact]
    public void Namespaces_with_one_name_are_equal() => Assert.Equal(MemoryNamespace.Default, MemoryNamespace.Parse("default"));
}
