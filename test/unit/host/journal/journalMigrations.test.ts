import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import type { Migration } from '../../../../host/journal/journalMigrations.ts';
import { JOURNAL_MMAP_BYTES, openJournalDatabase } from '../../../../host/journal/journalDatabase.ts';
import { journalMigrations } from '../../../../host/journal/journalMigrations.ts';
import { applyMigrations } from '../../../../host/journal/migrationRunner.ts';
import { openSqliteJournal } from '../../../../host/journal/sqliteEventJournal.ts';
import type { EventEnvelope, NewEvent } from '../../../../host/protocol/index.ts';
import { newEvent, newEvents, openSecondConnection, tempJournalPath } from './journalFixtures.ts';

interface MigrationRow { version: number; name: string; applied_at: string }

function migrationRows(db: Database.Database): MigrationRow[] {
  return db.prepare<[], MigrationRow>('SELECT version, name, applied_at FROM schema_migrations ORDER BY version').all();
}

function tableNames(db: Database.Database): string[] {
  return db.prepare<[], string>("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
}

function inMemoryDatabase(t: { after(fn: () => void): void }): Database.Database {
  const db = new Database(':memory:');
  t.after(() => db.close());
  return db;
}

const createTable = (version: number, table: string): Migration => ({
  version, name: `create ${table}`, up: (db) => { db.exec(`CREATE TABLE ${table} (x INTEGER)`); },
});

test('a new journal records every schema version and has the journal tables', async (t) => {
  const path = tempJournalPath(t);
  const journal = openSqliteJournal(path);
  t.after(() => journal.dispose());
  const db = openSecondConnection(t, path);

  assert.deepEqual(migrationRows(db).map((row) => row.version), [1, 2, 3]);
  assert.deepEqual(tableNames(db), ['event_entities', 'events', 'raw_payloads', 'schema_migrations', 'terminal_chunks']);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
});

test('a journal connection maps the file for reads, and a new file has 8 KiB pages', (t) => {
  const db = openJournalDatabase(tempJournalPath(t), 'FULL');
  t.after(() => db.close());
  assert.equal(db.pragma('mmap_size', { simple: true }), JOURNAL_MMAP_BYTES);
  assert.equal(db.pragma('page_size', { simple: true }), 8192);
  assert.equal(db.pragma('synchronous', { simple: true }), 2);
});

test('reopening a journal applies nothing new and keeps its data', async (t) => {
  const path = tempJournalPath(t);
  const first = openSqliteJournal(path);
  await first.append(newEvents(2));
  await first.close();
  const recordedBefore = migrationRows(openSecondConnection(t, path));

  const second = openSqliteJournal(path);
  t.after(() => second.dispose());

  assert.deepEqual(migrationRows(openSecondConnection(t, path)), recordedBefore);
  assert.equal(second.head(), 2);
});

test('the runner applies only the migrations a database is missing, in order', (t) => {
  const db = inMemoryDatabase(t);

  assert.deepEqual(applyMigrations(db, [createTable(1, 'one')]), [1]);
  assert.deepEqual(applyMigrations(db, [createTable(1, 'one'), createTable(2, 'two'), createTable(3, 'three')]), [2, 3]);
  assert.deepEqual(applyMigrations(db, [createTable(1, 'one'), createTable(2, 'two'), createTable(3, 'three')]), []);

  assert.deepEqual(migrationRows(db).map((row) => row.version), [1, 2, 3]);
  assert.ok(migrationRows(db).every((row) => !Number.isNaN(Date.parse(row.applied_at))));
});

test('a failing migration is rolled back whole and is not recorded', (t) => {
  const db = inMemoryDatabase(t);
  const halfDone: Migration = {
    version: 2, name: 'fails half-way',
    up: (handle) => { handle.exec('CREATE TABLE half (x INTEGER)'); throw new Error('boom'); },
  };

  assert.throws(() => applyMigrations(db, [createTable(1, 'one'), halfDone]), { code: 'journal_migration_failed' });

  assert.deepEqual(migrationRows(db).map((row) => row.version), [1]);
  assert.ok(!tableNames(db).includes('half'));
});

test('migration versions must count up from 1 without gaps', (t) => {
  const db = inMemoryDatabase(t);
  assert.throws(() => applyMigrations(db, [createTable(1, 'one'), createTable(3, 'three')]), /1, 2, 3/);
});

test('a journal written by a newer schema is refused with journal_open_failed', (t) => {
  const path = tempJournalPath(t);
  const db = new Database(path);
  applyMigrations(db, [...journalMigrations, createTable(journalMigrations.length + 1, 'from_the_future')]);
  db.close();

  assert.throws(() => openSqliteJournal(path), (error: Error & { code?: string }) => {
    assert.equal(error.code, 'journal_open_failed');
    assert.match(error.message, /newer OpenSymphony/);
    return true;
  });
});

test('migration 3 turns a schema-2 journal\'s columns into the envelope JSON the wire sends', async (t) => {
  const path = tempJournalPath(t);
  const events: NewEvent[] = [
    newEvent(),
    newEvent({ type: 'approval.requested', correlation_id: 'corr-"quoted"', raw_ref: 'raw/\\42', summary: 'line\nbreak\t"tab"' }),
    newEvent({ payload: { text: 'ünïcødé ✓ 😀', lone: '\ud800', control: '\u0001\u001f\u2028', html: '</script>' } }),
    newEvent({ payload: { numbers: [0, 1e21, 1.5e-7, -12.25], flags: [true, false, null], nested: { deep: [{}] } }, entity_refs: [] }),
  ];
  // The rows a schema-2 journal wrote: JSON columns stringified, the rest as values.
  const expected: EventEnvelope[] = events.map((event, index) => ({
    id: `0190-e${index}`, seq: index + 1, schema_version: 1, type: event.type, timestamp: `2026-01-01T00:00:0${index}.000Z`,
    actor: event.actor, correlation_id: event.correlation_id ?? null, entity_refs: event.entity_refs ?? [],
    summary: event.summary, payload: event.payload, raw_ref: event.raw_ref ?? null,
  }));
  const old = new Database(path);
  applyMigrations(old, journalMigrations.slice(0, 2));
  const insert = old.prepare(`INSERT INTO events (seq, id, type, ts, actor, correlation_id, entity_refs, summary, payload, raw_ref, schema_version)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  for (const event of expected) {
    insert.run(event.seq, event.id, event.type, event.timestamp, JSON.stringify(event.actor), event.correlation_id,
      JSON.stringify(event.entity_refs), event.summary, JSON.stringify(event.payload), event.raw_ref, event.schema_version);
  }
  old.prepare('INSERT INTO event_entities (entity_kind, entity_id, seq) VALUES (?, ?, ?)').run('run', 'run-1', 1);
  old.close();

  const journal = openSqliteJournal(path);
  t.after(() => journal.dispose());

  assert.deepEqual(journal.read(0, 10), expected);
  assert.deepEqual(journal.readSerialized(0, 10).map((event) => event.json), expected.map((event) => JSON.stringify(event)));
  const [appended] = await journal.append([newEvent()]);
  assert.equal(appended?.seq, 5);
  assert.deepEqual(journal.readByEntity('run', 'run-1', 0, 10, 'forward', ['run.output']).map((event) => event.seq), [1, 5]);
  const db = openSecondConnection(t, path);
  assert.deepEqual(db.prepare<[], string>("SELECT name FROM pragma_table_info('events')").pluck().all(), ['seq', 'type', 'envelope']);
  assert.deepEqual(db.prepare<[], string>("SELECT name FROM pragma_index_list('events')").pluck().all(), []);
});
