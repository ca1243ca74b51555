using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace RagMemory.Graph.Neo4j;

/// <summary>Refuses a <c>Neo4j</c> section the adapter could not work with, every message naming the key at fault.</summary>
public sealed partial class Neo4jOptionsValidation : IValidateOptions<Neo4jOptions>
{
    private const string Section = Neo4jOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, Neo4jOptions options)
    {
        var failures = new List<string>();
        if (!Uri.TryCreate(options.Url, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            failures.Add($"{Section}:Url must be an absolute http or https address such as http://localhost:7474 (got '{options.Url}').");
        }
        else if (url.UserInfo.Length > 0)
        {
            // A password inside the address would be logged wherever the address is; it belongs in Neo4j:Password.
            failures.Add($"{Section}:Url must not carry credentials; set {Section}:User and {Section}:Password instead.");
        }

        if (options.Database is null || !DatabaseRule().IsMatch(options.Database))
        {
            failures.Add($"{Section}:Database must be a Neo4j database name: 3 to 63 letters, digits, '.' or '-', starting with a letter (got '{options.Database}').");
        }

        var basic = !string.IsNullOrEmpty(options.User) || !string.IsNullOrEmpty(options.Password);
        var bearer = !string.IsNullOrEmpty(options.BearerToken);
        if (basic && bearer)
        {
            failures.Add($"{Section}:BearerToken and {Section}:User/{Section}:Password are exclusive; set one way of signing in.");
        }
        else if (!basic && !bearer)
        {
            failures.Add($"{Section}:User and {Section}:Password, or {Section}:BearerToken, must be set.");
        }
        else if (basic && (string.IsNullOrEmpty(options.User) || string.IsNullOrEmpty(options.Password)))
        {
            failures.Add($"{Section}:User and {Section}:Password must be set together.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero || options.RequestTimeout > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{Section}:RequestTimeout must be more than 0 and at most 00:10:00 (got {options.RequestTimeout}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9.\-]{2,62}\z")]
    private static partial Regex DatabaseRule();
}
