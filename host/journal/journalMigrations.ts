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

// Each event is stored as the JSON the wire sends, written once at append: a replay then reads
// text and joins it, which `npm run bench` measured 1.7-1.9x faster than splicing the JSON from
// columns in SQL at every read, and ingest binds 3 values per row instead of 11. `type` stays a
// column for the entity reader's type filter. The UNIQUE index on `id` and the index on
// `correlation_id` go: no query reads them, and the id index alone cost 10-25% of ingest.
// The old columns are spliced in the envelope's key order, exactly as `JSON.stringify` writes it
// (`json_quote` escapes as it does); this text is frozen with the migration.
const storedEnvelopes: Migration = {
  version: 3,
  name: 'events stored as envelope JSON',
  up(db) {
    db.exec(`
      CREATE TABLE events_as_envelopes (
        seq INTEGER PRIMARY KEY,
        type TEXT NOT NULL,
        envelope TEXT NOT NULL
      ) STRICT;

      INSERT INTO events_as_envelopes (seq, type, envelope)
      SELECT seq, type, concat(
        '{"id":', json_quote(id),
        ',"seq":', seq,
        ',"schema_version":', schema_version,
        ',"type":', json_quote(type),
        ',"timestamp":', json_quote(ts),
        ',"actor":', actor,
        ',"correlation_id":', json_quote(correlation_id),
        ',"entity_refs":', entity_refs,
        ',"summary":', json_quote(summary),
        ',"payload":', payload,
        ',"raw_ref":', json_quote(raw_ref),
        '}')
      FROM events ORDER BY seq;

      DROP TABLE events;
      ALTER TABLE events_as_envelopes RENAME TO events;
    `);
  },
};

/** Every migration of the journal schema, oldest first. */
export const journalMigrations: readonly Migration[] = [initialSchema, rawPayloads, storedEnvelopes];
