using Npgsql;

namespace RagMemory.State.PostgreSql;

/// <summary>
/// The state schema as numbered steps, applied in order at start and recorded in <c>schema_migrations</c>, so each
/// runs once per database. Replicas starting at once queue on a transaction-scoped advisory lock: the first applies
/// what is missing, the others then find nothing left to do. Every step of a start runs in one transaction (DDL is
/// transactional in PostgreSQL), so a failed step leaves the schema as it was. Never edit a released step; add one.
/// </summary>
public static class PostgreSqlMigrations
{
    /// <summary>The advisory lock's key: any constant that no other application on the database uses ("RAGMEM" in ASCII).</summary>
    public const long LockKey = 0x5241474D454D;

    public static readonly IReadOnlyList<string> Steps =
    [
        """
        CREATE TABLE ingest_events (
            seq             bigint GENERATED ALWAYS AS IDENTITY,
            namespace       text NOT NULL,
            id_json         text NOT NULL,
            text            text NOT NULL,
            text_sha256     text NOT NULL,
            metadata        text NOT NULL,
            correlation_id  text,
            status          text NOT NULL,
            attempts        integer NOT NULL DEFAULT 0,
            error           text,
            created_at      timestamptz NOT NULL,
            updated_at      timestamptz NOT NULL,
            published       boolean NOT NULL DEFAULT false,
            PRIMARY KEY (namespace, id_json)
        );
        CREATE INDEX ingest_events_state ON ingest_events (namespace, status, updated_at);
        CREATE INDEX ingest_events_unpublished ON ingest_events (created_at, seq) WHERE NOT published;

        CREATE TABLE data_protection_keys (
            id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            friendly_name text NOT NULL UNIQUE,
            xml           text NOT NULL
        );

        -- Names are unique in any letter case, as on SQLite.
        CREATE TABLE accounts (
            username        text PRIMARY KEY,
            password_hash   text NOT NULL,
            roles           text[] NOT NULL,
            created_at      timestamptz NOT NULL,
            security_stamp  text NOT NULL,
            disabled_at     timestamptz,
            disabled_by     text
        );
        CREATE UNIQUE INDEX accounts_name ON accounts (lower(username));
        CREATE TABLE account_audit (
            id        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            username  text NOT NULL,
            action    text NOT NULL,
            done_by   text NOT NULL,
            done_at   timestamptz NOT NULL
        );
        CREATE TABLE account_sessions (
            session_id  text PRIMARY KEY,
            owner       text NOT NULL,
            started_at  timestamptz NOT NULL
        );
        CREATE INDEX account_sessions_owner ON account_sessions (lower(owner));
        CREATE INDEX account_sessions_started ON account_sessions (started_at);

        CREATE TABLE api_clients (
            seq           bigint GENERATED ALWAYS AS IDENTITY,
            client_id     text PRIMARY KEY,
            name          text NOT NULL,
            secret_sha256 text NOT NULL,
            roles         text[] NOT NULL,
            created_by    text NOT NULL,
            created_at    timestamptz NOT NULL,
            revoked_by    text,
            revoked_at    timestamptz
        );

        CREATE TABLE rate_limit_overrides (
            policy          text PRIMARY KEY,
            permit_limit    integer NOT NULL,
            window_seconds  integer NOT NULL
        );
        CREATE TABLE rate_limit_audit (
            id                  bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            policy              text NOT NULL,
            old_permit_limit    integer NOT NULL,
            old_window_seconds  integer NOT NULL,
            new_permit_limit    integer NOT NULL,
            new_window_seconds  integer NOT NULL,
            changed_by          text NOT NULL,
            changed_at          timestamptz NOT NULL
        );

        -- One row per policy, principal and fixed window, counted by every replica: see decision 0011.
        CREATE TABLE rate_limit_windows (
            policy        text NOT NULL,
            partition_key text NOT NULL,
            window_start  timestamptz NOT NULL,
            expires_at    timestamptz NOT NULL,
            permits       integer NOT NULL,
            PRIMARY KEY (policy, partition_key, window_start)
        );
        CREATE INDEX rate_limit_windows_expiry ON rate_limit_windows (expires_at);
        """,

        // Accounts and API clients carry the namespaces they may read and write (NamespaceGrants as JSON); those made
        // before keep the default namespace, where all data was.
        """
        ALTER TABLE accounts ADD COLUMN namespaces text NOT NULL DEFAULT '{"read":["default"],"write":["default"]}';
        ALTER TABLE api_clients ADD COLUMN namespaces text NOT NULL DEFAULT '{"read":["default"],"write":["default"]}';
        """,
        // Replacements, the deletion audit and the index sweep, as on SQLite (decision 0014).
        """
        ALTER TABLE ingest_events ADD COLUMN version integer NOT NULL DEFAULT 1;
        ALTER TABLE ingest_events ADD COLUMN replaces text;
        CREATE UNIQUE INDEX ingest_events_replaces ON ingest_events (namespace, replaces) WHERE replaces IS NOT NULL;
        CREATE TABLE index_cleanups (
            namespace  text NOT NULL,
            key_json   text NOT NULL,
            created_at timestamptz NOT NULL,
            attempts   integer NOT NULL DEFAULT 0,
            error      text,
            PRIMARY KEY (namespace, key_json)
        );
        CREATE TABLE event_deletions (
            seq        bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
            namespace  text NOT NULL,
            id_json    text NOT NULL,
            deleted_by text NOT NULL,
            deleted_at timestamptz NOT NULL
        );
        """,
        """
        -- The queue's depth, read before every submission (backpressure): only the unfinished rows, whatever the number done.
        CREATE INDEX ingest_events_unfinished ON ingest_events (status) WHERE status IN ('queued', 'processing', 'failed');
        """,
    ];

    /// <summary>Brings the schema up to <see cref="Steps"/>; does nothing on a database already there.</summary>
    public static void Apply(NpgsqlDataSource source)
    {
        using var connection = source.OpenConnection();
        using var transaction = connection.BeginTransaction();
        Execute(connection, $"SELECT pg_advisory_xact_lock({LockKey});");
        Execute(connection, """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version     integer PRIMARY KEY,
                applied_at  timestamptz NOT NULL DEFAULT now()
            );
            """);
        using var read = new NpgsqlCommand("SELECT COALESCE(MAX(version), 0) FROM schema_migrations;", connection);
        var version = (int)read.ExecuteScalar()!;
        if (version > Steps.Count)
        {
            throw new InvalidOperationException(
                $"The state database is at schema version {version}, newer than this build knows ({Steps.Count}): a newer RagMemory migrated it. Run that version, or restore a backup.");
        }

        for (var step = version; step < Steps.Count; step++)
        {
            Execute(connection, Steps[step]);
            Execute(connection, $"INSERT INTO schema_migrations(version) VALUES ({step + 1});");
        }

        transaction.Commit();
    }

    private static void Execute(NpgsqlConnection connection, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }
}
