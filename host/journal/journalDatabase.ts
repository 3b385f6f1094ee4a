import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { CodedError, errorMessage } from '../base/errors.ts';
import { JournalErrorCode } from './journalErrors.ts';
import { journalMigrations } from './journalMigrations.ts';
import { applyMigrations } from './migrationRunner.ts';

/** SQLite `synchronous` level: FULL fsyncs the WAL at every commit, NORMAL only at checkpoints. */
export type JournalSynchronous = 'FULL' | 'NORMAL';

/**
 * The journal promises that an acknowledged event survives a crash, so it fsyncs at every commit.
 * NORMAL would only survive a crash of the host process, not of the OS or the machine: the last
 * commits before a power loss could vanish after clients had already seen them.
 * Group commit makes FULL affordable: one fsync covers a whole tick of appends. Measured by
 * `npm run bench` (200k events, 1,000 per tick, file DB, 2-vCPU VM): FULL 101k events/s,
 * NORMAL 97k events/s, the same within noise; the inserts cost more than the fsyncs.
 */
export const DEFAULT_SYNCHRONOUS: JournalSynchronous = 'FULL';

/** Applies the journal's connection settings; the bench applies the same ones to its raw baseline. */
export function applyJournalPragmas(db: Database.Database, synchronous: JournalSynchronous): void {
  // 8 KiB pages, for a new file only (SQLite keeps a WAL database's page size): half the WAL
  // frames and write calls of 4 KiB per commit. Measured with the bench's rows, FULL, 1,000 per
  // commit: about 1.15x the ingest of 4 KiB pages (medians of 6: 116k against 98k events/s).
  db.pragma('page_size = 8192');
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal' && !db.memory) {
    throw new Error(
      `SQLite refused WAL mode (got "${String(mode)}"); the folder may be on a network or read-only file system.`,
    );
  }
  db.pragma(`synchronous = ${synchronous}`);
  // After a checkpoint, trim the WAL file back instead of keeping its high-water size forever.
  db.pragma('journal_size_limit = 67108864');
  // Reads of the first GiB (about 1.5M events) come straight from the OS page cache: a replay
  // otherwise makes one read() call and one copy per page. Measured on a 1M-event journal, page
  // step of the WebSocket replay on a long-lived connection: 0.85 s with 0.25 s of system time,
  // 0.67 s with 0.05 s mapped. Writes still go through write(); only the main file is mapped.
  db.pragma(`mmap_size = ${JOURNAL_MMAP_BYTES}`);
}

/** How much of the journal file SQLite maps into memory for reads. */
export const JOURNAL_MMAP_BYTES = 1024 * 1024 * 1024;

/**
 * Opens (creating when needed) a journal database: parent folders, WAL, pragmas, migrations.
 * Any failure becomes a `journal_open_failed` error that says what to check.
 */
export function openJournalDatabase(path: string, synchronous: JournalSynchronous): Database.Database {
  let db: Database.Database | undefined;
  try {
    if (path.trim() === '') throw new Error('the journal path is empty');
    if (path !== ':memory:') mkdirSync(dirname(resolve(path)), { recursive: true });
    db = new Database(path);
    applyJournalPragmas(db, synchronous);
    applyMigrations(db, journalMigrations);
    return db;
  } catch (error) {
    db?.close();
    throw new CodedError(
      JournalErrorCode.openFailed,
      `Cannot open the event journal at "${path}": ${errorMessage(error)}. ` +
        'Check that the folder is writable and that the file is an OpenSymphony journal; ' +
        'move a damaged file aside and the host starts a fresh journal.',
      { cause: error },
    );
  }
}
