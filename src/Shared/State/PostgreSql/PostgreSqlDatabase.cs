using Microsoft.Extensions.Options;
using Npgsql;
using RagMemory.Engines;

namespace RagMemory.State.PostgreSql;

/// <summary>
/// The PostgreSQL database that holds every replica's shared state: one pooled data source, its schema brought up to
/// date when it is first opened (<see cref="PostgreSqlMigrations"/>, safe with several replicas starting at once).
/// </summary>
public sealed class PostgreSqlDatabase : IAsyncDisposable, IDisposable
{
    private readonly NpgsqlDataSource _source;

    public PostgreSqlDatabase(IOptions<PostgreSqlStateOptions> options)
    {
        // Also checked at start; repeated so that a database resolved before that check still says what is wrong.
        if (options.Value.Problem() is { } problem)
        {
            throw new OptionsValidationException(PostgreSqlStateOptions.Key, typeof(PostgreSqlStateOptions), [problem]);
        }

        var builder = new NpgsqlConnectionStringBuilder(options.Value.ConnectionString);
        Location = $"{builder.Host}:{builder.Port}/{builder.Database ?? builder.Username}";
        _source = NpgsqlDataSource.Create(builder);
        PostgreSqlMigrations.Apply(_source);
    }

    /// <summary>Host, port and database, without credentials.</summary>
    public string Location { get; }

    public ValueTask<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken = default) =>
        _source.OpenConnectionAsync(cancellationToken);

    public NpgsqlConnection Open() => _source.OpenConnection();

    /// <summary>A command with positional parameters <c>$1</c>, <c>$2</c>, ... taking <paramref name="values"/> in order (null for SQL NULL).</summary>
    public NpgsqlCommand Command(string sql, params object?[] values)
    {
        var command = _source.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }

        return command;
    }

    public async Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken, params object?[] values)
    {
        await using var command = Command(sql, values);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Every row of the statement, each read by <paramref name="read"/>.</summary>
    public async Task<List<T>> QueryAsync<T>(string sql, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken, params object?[] values)
    {
        await using var command = Command(sql, values);
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    /// <summary>
    /// The statements in one round trip and one transaction (PostgreSQL runs a batch atomically): all of them hold, or
    /// none. Returns the rows each one changed.
    /// </summary>
    public async Task<int[]> ExecuteAtomicallyAsync(CancellationToken cancellationToken, params (string Sql, object?[] Values)[] statements)
    {
        await using var batch = _source.CreateBatch();
        foreach (var (sql, values) in statements)
        {
            var command = new NpgsqlBatchCommand(sql);
            foreach (var value in values)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
            }

            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return batch.BatchCommands.Cast<NpgsqlBatchCommand>().Select(c => c.RecordsAffected).ToArray();
    }

    /// <summary>
    /// What an adapter says of its part of the state: the server's version (a round trip) and the row counts of
    /// <paramref name="tables"/> by what they hold.
    /// </summary>
    public async Task<EngineDescription> DescribeAsync(IReadOnlyList<(string What, string Table)> tables, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var sizes = new List<EngineSize>(tables.Count);
        foreach (var (what, table) in tables)
        {
            await using var count = new NpgsqlCommand($"SELECT COUNT(*) FROM {table};", connection);
            sizes.Add(new EngineSize(what, (long)(await count.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!, EngineSize.Records));
        }

        return new EngineDescription("PostgreSQL", connection.PostgreSqlVersion.ToString(), Location, sizes);
    }

    public void Dispose() => _source.Dispose();

    public ValueTask DisposeAsync() => _source.DisposeAsync();
}
