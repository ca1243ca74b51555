using System.ComponentModel.DataAnnotations;
using Npgsql;

namespace RagMemory.State.PostgreSql;

/// <summary>
/// Where the state lives when <c>Engines:State=PostgreSql</c>: the connection string <c>ConnectionStrings:State</c>
/// (an Npgsql connection string, e.g. <c>Host=db;Database=ragmemory;Username=ragmemory;Password=...</c>).
/// </summary>
public sealed class PostgreSqlStateOptions : IValidatableObject
{
    public const string ConnectionStringName = "State";
    public const string Key = "ConnectionStrings:" + ConnectionStringName;

    public string? ConnectionString { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        Problem() is { } problem ? [new ValidationResult(problem, [nameof(ConnectionString)])] : [];

    /// <summary>What is wrong with the connection string, naming the key; null when it can be used.</summary>
    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            return $"{Key} must be set when Engines:State is PostgreSql (e.g. Host=db;Database=ragmemory;Username=ragmemory;Password=...).";
        }

        try
        {
            var parsed = new NpgsqlConnectionStringBuilder(ConnectionString);
            return string.IsNullOrWhiteSpace(parsed.Host) ? $"{Key} names no Host." : null;
        }
        catch (ArgumentException e)
        {
            return $"{Key} is not a valid PostgreSQL connection string: {e.Message}";
        }
    }
}
