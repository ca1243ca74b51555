using System.Globalization;
using System.Text;

namespace RagMemory.Tests.Reliability;

/// <summary>
/// Texts for the reliability tests: each names two people or places (graph entities) and carries a word of its own
/// (<see cref="Marker"/>), and one in five is long enough for two chunks.
/// </summary>
public static class CorpusText
{
    private static readonly string[] Names =
    [
        "Ada Lovelace", "Charles Babbage", "Grace Hopper", "Alan Turing", "Kestrel Harbor", "Marlowe Station",
        "Edsger Dijkstra", "Barbara Liskov", "Katherine Johnson", "Tony Hoare",
    ];

    public static string For(string id, Random random)
    {
        var marker = Marker(id);
        var text = new StringBuilder($"Record {marker} was filed when {Names[random.Next(Names.Length)]} met {Names[random.Next(Names.Length)]} in the archive.");
        if (random.Next(5) == 0)
        {
            for (var line = 0; line < 24; line++)
            {
                text.Append(CultureInfo.InvariantCulture, $" The ledger of {marker} lists entry {line} among the stored notes of the day.");
            }
        }

        return text.ToString();
    }

    /// <summary>The word only this event's text has: its id's letters and digits, lower case, one keyword token.</summary>
    public static string Marker(string id) => "mark" + new string([.. id.Where(char.IsAsciiLetterOrDigit)]).ToLowerInvariant();
}
