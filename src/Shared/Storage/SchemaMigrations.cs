using Microsoft.Data.Sqlite;

namespace RagMemory.Storage;

/// <summary>The schema of every embedded engine, versioned with SQLite's <c>user_version</c>.</summary>
internal static class SchemaMigrations
{
    private static readonly string[] Steps =
    [
        """
        CREATE TABLE vectors (
            key       INTEGER PRIMARY KEY AUTOINCREMENT,
            id_json   TEXT NOT NULL UNIQUE,
            vector    BLOB NOT NULL,
            payload   TEXT NOT NULL
        );
        CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
        INSERT INTO meta(name, value) VALUES ('vectors_version', '0');

        CREATE TABLE chunks (
            key         INTEGER PRIMARY KEY AUTOINCREMENT,
            chunk_id    TEXT NOT NULL UNIQUE,
            event_id    TEXT NOT NULL,
            chunk_index INTEGER NOT NULL,
            text        TEXT NOT NULL
        );
        CREATE INDEX chunks_event ON chunks(event_id);
        CREATE VIRTUAL TABLE chunks_fts USING fts5(text, content='chunks', content_rowid='key', tokenize='porter unicode61');

        CREATE TABLE nodes (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            label       TEXT NOT NULL,
            properties  TEXT NOT NULL,
            merge_key   TEXT UNIQUE
        );
        CREATE INDEX nodes_label ON nodes(label);
        CREATE TABLE relationships (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            from_id     INTEGER NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
            to_id       INTEGER NOT NULL REFERENCES nodes(id) ON DELETE CASCADE,
            type        TEXT NOT NULL,
            properties  TEXT NOT NULL,
            merge_key   TEXT UNIQUE
        );
        CREATE INDEX relationships_from ON relationships(from_id);
        CREATE INDEX relationships_to ON relationships(to_id);

        CREATE TABLE ingest_events (
            id_json         TEXT PRIMARY KEY,
            text            TEXT NOT NULL,
            text_sha256     TEXT NOT NULL,
            metadata        TEXT NOT NULL,
            status          TEXT NOT NULL,
            attempts        INTEGER NOT NULL DEFAULT 0,
            error           TEXT,
            next_attempt_at INTEGER NOT NULL,
            created_at      INTEGER NOT NULL,
            updated_at      INTEGER NOT NULL,
            seq             INTEGER NOT NULL
        );
        CREATE INDEX ingest_events_due ON ingest_events(status, next_attempt_at, seq);

        CREATE TABLE accounts (
            username      TEXT PRIMARY KEY COLLATE NOCASE,
            password_hash TEXT NOT NULL,
            roles         TEXT NOT NULL,
            created_at    INTEGER NOT NULL
        );
        """,
        """
        CREATE TABLE rate_limit_overrides (
            policy          TEXT PRIMARY KEY,
            permit_limit    INTEGER NOT NULL,
            window_seconds  INTEGER NOT NULL
        );
        CREATE TABLE rate_limit_audit (
            id                  INTEGER PRIMARY KEY AUTOINCREMENT,
            policy              TEXT NOT NULL,
            old_permit_limit    INTEGER NOT NULL,
            old_window_seconds  INTEGER NOT NULL,
            new_permit_limit    INTEGER NOT NULL,
            new_window_seconds  INTEGER NOT NULL,
            changed_by          TEXT NOT NULL,
            changed_at          INTEGER NOT NULL
        );
        """,
        """
        ALTER TABLE ingest_events ADD COLUMN correlation_id TEXT;
        """,
        """
        CREATE TABLE api_clients (
            client_id     TEXT PRIMARY KEY,
            name          TEXT NOT NULL,
            secret_sha256 TEXT NOT NULL,
            roles         TEXT NOT NULL,
            created_by    TEXT NOT NULL,
            created_at    INTEGER NOT NULL,
            revoked_by    TEXT,
            revoked_at    INTEGER
        );
        """,
        // Graph rows gain a namespace; merge keys become unique per namespace. A column's UNIQUE cannot be dropped, so
        // both tables are rebuilt (SQLite's documented way), keeping every row, id and the AUTOINCREMENT counters so no
        // id a client holds is ever given to another node. The new relationships table references the new nodes table,
        // so dropping the old ones cascades into nothing; renaming rewrites those references.
        """
        CREATE TABLE nodes_v5 (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            namespace   TEXT NOT NULL DEFAULT 'default',
            label       TEXT NOT NULL,
            properties  TEXT NOT NULL,
            merge_key   TEXT,
            UNIQUE (namespace, merge_key)
        );
        CREATE TABLE relationships_v5 (
            id          INTEGER PRIMARY KEY AUTOINCREMENT,
            namespace   TEXT NOT NULL DEFAULT 'default',
            from_id     INTEGER NOT NULL REFERENCES nodes_v5(id) ON DELETE CASCADE,
            to_id       INTEGER NOT NULL REFERENCES nodes_v5(id) ON DELETE CASCADE,
            type        TEXT NOT NULL,
            properties  TEXT NOT NULL,
            merge_key   TEXT,
            UNIQUE (namespace, merge_key)
        );
        INSERT INTO nodes_v5(id, label, properties, merge_key) SELECT id, label, properties, merge_key FROM nodes;
        INSERT INTO relationships_v5(id, from_id, to_id, type, properties, merge_key)
            SELECT id, from_id, to_id, type, properties, merge_key FROM relationships;
        DELETE FROM sqlite_sequence WHERE name IN ('nodes_v5', 'relationships_v5');
        UPDATE sqlite_sequence SET name = name || '_v5' WHERE name IN ('nodes', 'relationships');
        DROP TABLE relationships;
        DROP TABLE nodes;
        ALTER TABLE nodes_v5 RENAME TO nodes;
        ALTER TABLE relationships_v5 RENAME TO relationships;
        CREATE INDEX nodes_label ON nodes(namespace, label);
        CREATE INDEX relationships_from ON relationships(from_id);
        CREATE INDEX relationships_to ON relationships(to_id);
        """,
        """
        CREATE TABLE data_protection_keys (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            friendly_name TEXT NOT NULL UNIQUE,
            xml           TEXT NOT NULL
        );
        """,
        // The ingestion queue splits into an event store (ingest_events: status, source, attempts, now keyed by namespace
        // and id, with whether the bus has the event) and an event bus (event_bus: the messages still to deliver, their
        // due time and order). The primary key changes, so ingest_events is rebuilt; every event keeps its status,
        // attempts and error, and counts as published. Events not yet done become bus messages in their old order: due
        // as before (queued, failed), due now (processing: the store puts them back to queued at start), or dead letters.
        """
        CREATE TABLE ingest_events_v7 (
            namespace       TEXT NOT NULL DEFAULT 'default',
            id_json         TEXT NOT NULL,
            text            TEXT NOT NULL,
            text_sha256     TEXT NOT NULL,
            metadata        TEXT NOT NULL,
            correlation_id  TEXT,
            status          TEXT NOT NULL,
            attempts        INTEGER NOT NULL DEFAULT 0,
            error           TEXT,
            created_at      INTEGER NOT NULL,
            updated_at      INTEGER NOT NULL,
            published       INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (namespace, id_json)
        );
        INSERT INTO ingest_events_v7(id_json, text, text_sha256, metadata, correlation_id, status, attempts, error, created_at, updated_at, published)
            SELECT id_json, text, text_sha256, metadata, correlation_id, status, attempts, error, created_at, updated_at, 1
            FROM ingest_events ORDER BY seq;
        CREATE TABLE event_bus (
            seq             INTEGER PRIMARY KEY AUTOINCREMENT,
            namespace       TEXT NOT NULL,
            id_json         TEXT NOT NULL,
            text            TEXT NOT NULL,
            metadata        TEXT NOT NULL,
            correlation_id  TEXT,
            state           TEXT NOT NULL,
            due_at          INTEGER NOT NULL,
            error           TEXT,
            UNIQUE (namespace, id_json)
        );
        CREATE INDEX event_bus_due ON event_bus(state, due_at, seq);
        INSERT INTO event_bus(namespace, id_json, text, metadata, correlation_id, state, due_at, error)
            SELECT 'default', id_json, text, metadata, correlation_id,
                   CASE status WHEN 'dead_lettered' THEN 'dead' ELSE 'ready' END,
                   CASE status WHEN 'processing' THEN updated_at ELSE next_attempt_at END,
                   error
            FROM ingest_events WHERE status <> 'done' ORDER BY seq;
        DROP TABLE ingest_events;
        ALTER TABLE ingest_events_v7 RENAME TO ingest_events;
        CREATE INDEX ingest_events_state ON ingest_events(namespace, status, updated_at);
        CREATE INDEX ingest_events_unpublished ON ingest_events(created_at) WHERE published = 0;
        """,

        // Ingested chunks move out of the clients' vector collection into one of their own, and both gain a namespace
        // (ids unique per namespace). A chunk is a row ingestion wrote: a chunk-form id ("<event id JSON>#<n>") with an
        // event in its payload. Keys are kept; both index files are rebuilt because their versions change.
        """
        CREATE TABLE vectors_v8 (
            key       INTEGER PRIMARY KEY AUTOINCREMENT,
            namespace TEXT NOT NULL DEFAULT 'default',
            id_json   TEXT NOT NULL,
            vector    BLOB NOT NULL,
            payload   TEXT NOT NULL,
            UNIQUE (namespace, id_json)
        );
        CREATE TABLE chunk_vectors (
            key       INTEGER PRIMARY KEY AUTOINCREMENT,
            namespace TEXT NOT NULL DEFAULT 'default',
            id_json   TEXT NOT NULL,
            vector    BLOB NOT NULL,
            payload   TEXT NOT NULL,
            UNIQUE (namespace, id_json)
        );
        INSERT INTO chunk_vectors(key, id_json, vector, payload)
            SELECT key, id_json, vector, payload FROM vectors
            WHERE json_type(payload, '$.event_id') IS NOT NULL AND id_json GLOB '"*#[0-9]*"';
        INSERT INTO vectors_v8(key, id_json, vector, payload)
            SELECT key, id_json, vector, payload FROM vectors WHERE key NOT IN (SELECT key FROM chunk_vectors);
        DELETE FROM sqlite_sequence WHERE name = 'vectors_v8';
        UPDATE sqlite_sequence SET name = 'vectors_v8' WHERE name = 'vectors';
        DROP TABLE vectors;
        ALTER TABLE vectors_v8 RENAME TO vectors;
        UPDATE meta SET value = CAST(value AS INTEGER) + 1 WHERE name = 'vectors_version';
        INSERT INTO meta(name, value) VALUES ('chunk_vectors_version', '0');
        """,

        // Keyword chunks gain a namespace, chunk ids unique per namespace. The table is rebuilt keeping every key, which
        // is the FTS5 index's rowid, so the index stays valid without being rebuilt.
        """
        CREATE TABLE chunks_v9 (
            key         INTEGER PRIMARY KEY AUTOINCREMENT,
            namespace   TEXT NOT NULL DEFAULT 'default',
            chunk_id    TEXT NOT NULL,
            event_id    TEXT NOT NULL,
            chunk_index INTEGER NOT NULL,
            text        TEXT NOT NULL,
            UNIQUE (namespace, chunk_id)
        );
        INSERT INTO chunks_v9(key, chunk_id, event_id, chunk_index, text) SELECT key, chunk_id, event_id, chunk_index, text FROM chunks;
        DELETE FROM sqlite_sequence WHERE name = 'chunks_v9';
        UPDATE sqlite_sequence SET name = 'chunks_v9' WHERE name = 'chunks';
        DROP TABLE chunks;
        ALTER TABLE chunks_v9 RENAME TO chunks;
        CREATE INDEX chunks_event ON chunks(namespace, event_id);
        """,

        // Accounts gain a security stamp and can be disabled; their changes are audited and portal sessions are kept server-side.
        """
        -- Every real database has had accounts since step 1; a partial one (a test's old graph alone) gets it here.
        CREATE TABLE IF NOT EXISTS accounts (
            username      TEXT PRIMARY KEY COLLATE NOCASE,
            password_hash TEXT NOT NULL,
            roles         TEXT NOT NULL,
            created_at    INTEGER NOT NULL
        );
        ALTER TABLE accounts ADD COLUMN security_stamp TEXT NOT NULL DEFAULT '';
        ALTER TABLE accounts ADD COLUMN disabled_at INTEGER;
        ALTER TABLE accounts ADD COLUMN disabled_by TEXT;
        UPDATE accounts SET security_stamp = lower(hex(randomblob(16)));
        CREATE TABLE account_audit (
            id        INTEGER PRIMARY KEY AUTOINCREMENT,
            username  TEXT NOT NULL,
            action    TEXT NOT NULL,
            done_by   TEXT NOT NULL,
            done_at   INTEGER NOT NULL
        );
        CREATE TABLE account_sessions (
            session_id  TEXT PRIMARY KEY,
            username    TEXT NOT NULL COLLATE NOCASE,
            created_at  INTEGER NOT NULL
        );
        CREATE INDEX account_sessions_user ON account_sessions(username);
        """,

        // Which embedder made the ingested chunks' vectors, so that a data folder is never searched with another's
        // (one row). A new table only: a folder from before this step holds MiniLM's vectors, the only embedder then,
        // and the start records that (EmbedderCheck).
        """
        CREATE TABLE embedder (
            id          INTEGER PRIMARY KEY CHECK (id = 1),
            provider    TEXT NOT NULL,
            model       TEXT NOT NULL,
            dimensions  INTEGER,
            recorded_at INTEGER NOT NULL
        );
        """,

        // Filtered search is judged inside each engine, so every chunk keeps its event's metadata and acceptance time
        // (ingest_events.created_at, Unix ms). Chunks ingested before take them from their event: keyword chunks by
        // event id, chunk vectors by the event id in their chunk id ("<event id JSON>#<n>": all before the last '#').
        // A chunk vector keeps the metadata it has; one without takes its event's. A chunk whose event the store no
        // longer knows gets no acceptance time, so it passes no window (before, a filter left such a hit out entirely).
        """
        ALTER TABLE chunks ADD COLUMN metadata TEXT;
        ALTER TABLE chunks ADD COLUMN ingested_at INTEGER;
        UPDATE chunks SET metadata = e.metadata, ingested_at = e.created_at
            FROM ingest_events e WHERE e.namespace = chunks.namespace AND e.id_json = chunks.event_id;
        UPDATE chunk_vectors SET payload =
                CASE WHEN COALESCE(json_type(payload, '$.metadata'), 'null') = 'null'
                     THEN json_set(payload, '$.ingested_at', e.created_at, '$.metadata', json(e.metadata))
                     ELSE json_set(payload, '$.ingested_at', e.created_at) END
            FROM ingest_events e
            WHERE e.namespace = chunk_vectors.namespace
              AND e.id_json = substr(rtrim(json_extract(chunk_vectors.id_json, '$'), '0123456789'), 1,
                                     length(rtrim(json_extract(chunk_vectors.id_json, '$'), '0123456789')) - 1);
        """,

        // Accounts and API clients carry the namespaces they may read and write (NamespaceGrants as JSON). Those made
        // before keep working where all data was: the default namespace.
        """
        ALTER TABLE accounts ADD COLUMN namespaces TEXT NOT NULL DEFAULT '{"read":["default"],"write":["default"]}';
        ALTER TABLE api_clients ADD COLUMN namespaces TEXT NOT NULL DEFAULT '{"read":["default"],"write":["default"]}';
        """,
        // Replacements, the deletion audit and the index sweep (decision 0014). A replacement waits as a row of its own
        // (replaces = the event's id_json, id_json = its index key) until it is done and becomes the event's version.
        // index_cleanups holds the index keys whose chunks, keyword rows and graph mentions are still to be removed:
        // written in the transaction that made them obsolete, removed once the indexes are clean.
        """
        ALTER TABLE ingest_events ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
        ALTER TABLE ingest_events ADD COLUMN replaces TEXT;
        CREATE UNIQUE INDEX ingest_events_replaces ON ingest_events(namespace, replaces) WHERE replaces IS NOT NULL;
        CREATE TABLE index_cleanups (
            namespace  TEXT NOT NULL,
            key_json   TEXT NOT NULL,
            created_at INTEGER NOT NULL,
            attempts   INTEGER NOT NULL DEFAULT 0,
            error      TEXT,
            PRIMARY KEY (namespace, key_json)
        );
        CREATE TABLE event_deletions (
            seq        INTEGER PRIMARY KEY AUTOINCREMENT,
            namespace  TEXT NOT NULL,
            id_json    TEXT NOT NULL,
            deleted_by TEXT NOT NULL,
            deleted_at INTEGER NOT NULL
        );
        """,
    ];

    public static void Apply(SqliteConnection connection)
    {
        using var read = connection.CreateCommand();
        read.CommandText = "PRAGMA user_version;";
        var version = Convert.ToInt32(read.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        for (var step = version; step < Steps.Length; step++)
        {
            using var transaction = connection.BeginTransaction();
            SqliteDatabase.Execute(connection, Steps[step], transaction);
            SqliteDatabase.Execute(connection, $"PRAGMA user_version = {step + 1};", transaction);
            transaction.Commit();
        }
    }
}
