using System.Text.RegularExpressions;

namespace RagMemory.Tests.E2E.Infrastructure;

/// <summary>
/// The set-up commands exactly as README.md gives them, so that a test runs what a new user copies, and fails when the
/// README and the test drift apart.
/// </summary>
public static partial class ReadmeCommands
{
    /// <summary>The first command of the README's "Set up" section, split into words (it has no quoting).</summary>
    public static IReadOnlyList<string> RunPortal()
    {
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md"));
        var setUp = SetUpBlock().Match(readme);
        Assert.True(setUp.Success, "README.md has no ```bash block under '## Set up'.");
        var command = setUp.Groups["block"].Value.Split('\n')
            .Select(line => line.Trim())
            .FirstOrDefault(line => line.StartsWith("dotnet run", StringComparison.Ordinal));
        Assert.True(command is not null, "The README's set-up block has no `dotnet run` command.");
        return command.Split(' ', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>
    /// The run command's words with the port of its <c>--urls</c> replaced, and project paths made absolute, so that the
    /// command runs from any folder as it does from the repository's root.
    /// </summary>
    public static IReadOnlyList<string> RunPortal(int port)
    {
        var words = RunPortal().ToList();
        var urls = words.IndexOf("--urls");
        Assert.True(urls > 0 && urls + 1 < words.Count, "The README's run command has no --urls.");
        words[urls + 1] = UrlPort().Replace(words[urls + 1], $":{port}");
        var project = words.IndexOf("--project");
        Assert.True(project > 0 && project + 1 < words.Count, "The README's run command has no --project.");
        words[project + 1] = Path.Combine(Repository.Root, words[project + 1]);
        return words;
    }

    [GeneratedRegex(@"## Set up.*?```bash\n(?<block>.*?)```", RegexOptions.Singleline)]
    private static partial Regex SetUpBlock();

    [GeneratedRegex(@":\d+$")]
    private static partial Regex UrlPort();
}
