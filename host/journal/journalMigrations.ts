import type Database from 'better-sqlite3';

/** One schema step. Versions start at 1 and increase by 1; a shipped migration is never edited. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  up(db: Database.Database): void;
}

// JSON columns are declared TEXT on purpose: a declared type of "JSON" would give the column
// NUMERIC affinity, and SQLite would silently turn a JSON text such as '42' into an integer.
// STRICT tables make SQLite reject a wrongly typed value instead of storing it.
const initialSchema: Migration = {
  version: 1,
  name: 'events, entity index, terminal chunks',
  up(db) {
    db.exec(`
      CREATE TABLE events (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        type TEXT NOT NULL,
        ts TEXT NOT NULL,
        actor TEXT NOT NULL,
        correlation_id TEXT,
        entity_refs TEXT NOT NULL,
        summary TEXT NOT NULL,
        payload TEXT NOT NULL,
        raw_ref TEXT,
        schema_version INTEGER NOT NULL
      ) STRICT;

      -- "What did this action cause?" Most events carry no correlation id; the partial index skips them.
      CREATE INDEX events_by_correlation ON events (correlation_id) WHERE correlation_id IS NOT NULL;

      -- "Events of run X / issue Y": one row per entity ref, written in the same transaction as the
      -- event. An index on the JSON array itself could not answer that question.
      CREATE TABLE event_entities (
        entity_kind TEXT NOT NULL,
        entity_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        PRIMARY KEY (entity_kind, entity_id, seq)
      ) STRICT, WITHOUT ROWID;

      -- Chunks can be large, so this keeps a rowid table (WITHOUT ROWID suits small rows only).
      CREATE TABLE terminal_chunks (
        stream_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        ts TEXT NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (stream_id, seq)
      ) STRICT;
    `);
  },
};

// Harness data the adapters could not normalise (malformed lines, unknown event kinds, oversized
// lines), kept verbatim (capped) for diagnosis; events point at a row through `raw_ref`.
const rawPayloads: Migration = {
  version: 2,
  name: 'raw harness payloads',
  up(db) {
    db.exec(`
      CREATE TABLE raw_payloads (
        id TEXT PRIMARY KEY,
        run_id TEXT,
        source TEXT NOT NULL,
        ts TEXT NOT NULL,
        body TEXT NOT NULL
      ) STRICT;

      CREATE INDEX raw_payloads_by_run ON raw_payloads (run_id) WHERE run_id IS NOT NULL;
    `);
  },
};

/** Every migration of the journal schema, oldest first. */
export const journalMigrations: readonly Migration[] = [initialSchema, rawPayloads];
