import type Database from 'better-sqlite3';
import { CodedError } from '../base/errors.ts';
import { isoTimestampNow } from './isoTimestamp.ts';
import { JournalErrorCode } from './journalErrors.ts';
import type { Migration } from './journalMigrations.ts';

/**
 * Brings a database up to the newest known schema: applies, in order, each migration whose
 * version is not yet recorded in `schema_migrations`, each in its own transaction. Returns the
 * versions applied now (empty when the database was already current).
 */
export function applyMigrations(db: Database.Database, migrations: readonly Migration[]): number[] {
  assertContiguous(migrations);
  db.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    applied_at TEXT NOT NULL
  ) STRICT`);
  const isApplied = db.prepare<[number], number>('SELECT 1 FROM schema_migrations WHERE version = ?').pluck();
  const record = db.prepare<[number, string, string]>(
    'INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)',
  );
  assertNotNewer(db, migrations);
  const appliedNow: number[] = [];
  for (const migration of migrations) {
    // IMMEDIATE takes the write lock before the check, so two processes opening the same file
    // cannot both decide to apply the same version.
    const applied = db.transaction(() => {
      if (isApplied.get(migration.version) !== undefined) return false;
      runMigration(db, migration);
      record.run(migration.version, migration.name, isoTimestampNow());
      return true;
    }).immediate();
    if (applied) appliedNow.push(migration.version);
  }
  return appliedNow;
}

function runMigration(db: Database.Database, migration: Migration): void {
  try {
    migration.up(db);
  } catch (error) {
    throw new CodedError(
      JournalErrorCode.migrationFailed,
      `Journal migration ${migration.version} (${migration.name}) failed and was rolled back.`,
      { cause: error },
    );
  }
}

function assertNotNewer(db: Database.Database, migrations: readonly Migration[]): void {
  const newest = db.prepare<[], number | null>('SELECT MAX(version) FROM schema_migrations').pluck().get() ?? 0;
  const known = migrations.at(-1)?.version ?? 0;
  if (newest > known) {
    throw new CodedError(
      JournalErrorCode.schemaTooNew,
      `The journal was written by a newer OpenSymphony (schema ${newest}; this build knows up to ${known}). ` +
        'Update the extension, or move the journal file aside to start a fresh one.',
    );
  }
}

function assertContiguous(migrations: readonly Migration[]): void {
  migrations.forEach((migration, index) => {
    if (migration.version !== index + 1) {
      throw new Error(`Migration versions must be 1, 2, 3...; found ${migration.version} at position ${index + 1}.`);
    }
  });
}
