namespace RagMemory.Load;

/// <summary>Options of the form <c>--name value</c> after the subcommand; flags without a value read as "true".</summary>
public sealed class CommandLine
{
    private readonly Dictionary<string, string> _options = new(StringComparer.OrdinalIgnoreCase);

    public CommandLine(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        Command = args.Count > 0 ? args[0] : "help";
        Options = args.Skip(1).ToList();
        for (var i = 1; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument '{args[i]}'.");
            }

            var hasValue = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            _options[args[i][2..]] = hasValue ? args[++i] : "true";
        }
    }

    public string Command { get; }

    /// <summary>Everything after the command, as given (for the report's command line).</summary>
    public IReadOnlyList<string> Options { get; }

    public string? Get(string name) => _options.GetValueOrDefault(name);

    public int GetInt(string name, int fallback) =>
        _options.TryGetValue(name, out var value) ? int.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : fallback;

    /// <summary>Every option that names a configuration key (contains ':'), for the host: <c>--HybridSearch:RrfConstant 20</c>.</summary>
    public IReadOnlyDictionary<string, string?> Settings =>
        _options.Where(o => o.Key.Contains(':', StringComparison.Ordinal)).ToDictionary(o => o.Key, o => (string?)o.Value);
}
