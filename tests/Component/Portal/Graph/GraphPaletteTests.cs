using RagMemory.Portal.Components.Graph;

namespace RagMemory.Tests.Portal.Graph;

public sealed class GraphPaletteTests
{
    [Fact]
    public void Ingestions_labels_have_their_own_colours()
    {
        Assert.Equal(GraphPalette.Entity, GraphPalette.Colour("Entity"));
        Assert.Equal(GraphPalette.Event, GraphPalette.Colour("Event"));
    }

    [Fact]
    public void Another_label_always_gets_the_same_colour_of_the_palette()
    {
        // Fixed by the label alone (not string.GetHashCode, which changes with every process).
        Assert.Equal("#c2185b", GraphPalette.Colour("Person"));
        Assert.All(new[] { "Person", "City", "Country", "_x", "Thing" }, label =>
        {
            Assert.Contains(GraphPalette.Colour(label), GraphPalette.OtherColours);
            Assert.Equal(GraphPalette.Colour(label), GraphPalette.Colour(label));
        });
    }

    [Fact]
    public void Labels_spread_over_more_than_one_colour() =>
        Assert.True(new[] { "Person", "City", "Country", "Company", "Product", "Place" }.Select(GraphPalette.Colour).Distinct().Count() > 1);
}
