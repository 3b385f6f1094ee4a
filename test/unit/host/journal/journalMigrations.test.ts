import assert from 'node:assert/strict';
import { test } from 'node:test';
import Database from 'better-sqlite3';
import type { Migration } from '../../../../host/journal/journalMigrations.ts';
import { journalMigrations } from '../../../../host/journal/journalMigrations.ts';
import { applyMigrations } from '../../../../host/journal/migrationRunner.ts';
import { openSqliteJournal } from '../../../../host/journal/sqliteEventJournal.ts';
import { newEvents, openSecondConnection, tempJournalPath } from './journalFixtures.ts';

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

  assert.deepEqual(migrationRows(db).map((row) => row.version), [1, 2]);
  assert.deepEqual(tableNames(db), ['event_entities', 'events', 'raw_payloads', 'schema_migrations', 'terminal_chunks']);
  assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
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
