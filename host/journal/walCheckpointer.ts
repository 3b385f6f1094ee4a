import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type Database from 'better-sqlite3';
import { Emitter } from '../base/emitter.ts';
import type { Event } from '../base/emitter.ts';
import type { JournalSynchronous } from './journalDatabase.ts';

/** What one background checkpoint did, or why it could not run. */
export type JournalCheckpoint =
  | { ok: true; walFrames: number; checkpointedFrames: number; busy: boolean; ms: number }
  | { ok: false; error: string };

/**
 * Estimated WAL bytes after which the next checkpoint is asked for: what SQLite's default of
 * 1,000 pages is with 8 KiB pages. A commit adds about 2.5 times the bytes it stores (the
 * entity index, b-tree pages written whole) plus a few pages whatever its size.
 */
export const CHECKPOINT_AFTER_BYTES = 8 * 1024 * 1024;
const WAL_BYTES_PER_STORED_BYTE = 2.5;
const WAL_BYTES_PER_COMMIT = 3 * 8192;

/**
 * WAL pages after which the writer checkpoints by itself, as SQLite always does: the safety net
 * when the background checkpoints fall behind or the worker is gone, and what lets the WAL file
 * start over under sustained load (a checkpoint that runs beside the writer seldom catches up
 * with the last frame, and only a complete one lets the next commit rewind the WAL).
 */
export const WRITER_CHECKPOINT_PAGES = 4096;

/** SQLite's own default, restored when the worker fails. */
const SQLITE_DEFAULT_CHECKPOINT_PAGES = 1000;

// CommonJS run by the worker: its own connection to the same file, one PASSIVE checkpoint per
// message. PASSIVE never waits for the writer or for readers and never blocks them.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const db = new Database(workerData.path, { fileMustExist: true });
db.pragma('synchronous = ' + workerData.synchronous);
parentPort.on('message', (message) => {
  if (message === 'close') { db.close(); parentPort.close(); return; }
  const started = performance.now();
  try {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ ok: true, walFrames: row.log, checkpointedFrames: row.checkpointed, busy: row.busy !== 0, ms: performance.now() - started });
  } catch (error) {
    parentPort.postMessage({ ok: false, error: String(error && error.message || error) });
  }
});
parentPort.postMessage('ready');
`;

/**
 * Checkpoints the journal's WAL from a worker thread with its own connection, so copying
 * committed pages into the database file (and its fsync) runs beside the writer instead of
 * inside one of its commits every 1,000 pages. The writer asks after every
 * `CHECKPOINT_AFTER_BYTES` it commits, with at most one checkpoint in flight; its own automatic
 * checkpoint stays, at `WRITER_CHECKPOINT_PAGES`, and returns to SQLite's default if the worker
 * fails. Durability is untouched: a commit is durable in the WAL before any checkpoint copies it.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private readonly db: Database.Database;
  private readonly checkpointed = new Emitter<JournalCheckpoint>();
  private readonly exited: Promise<void>;
  private ready = false;
  private inFlight = false;
  private failed = false;
  private closing = false;
  private bytesSinceRequest = 0;

  readonly onDidCheckpoint: Event<JournalCheckpoint> = this.checkpointed.event;

  /** Starts checkpointing `path`, whose writer connection is `db`. */
  constructor(db: Database.Database, path: string, synchronous: JournalSynchronous) {
    this.db = db;
    const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { sqlite, path, synchronous } });
    // A journal left open must not keep the process alive.
    this.worker.unref();
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    db.pragma(`wal_autocheckpoint = ${WRITER_CHECKPOINT_PAGES}`);
    this.worker.on('message', (message: 'ready' | JournalCheckpoint) => this.onMessage(message));
    this.worker.once('error', (error) => this.fail(error.message));
    this.worker.once('exit', (code) => { if (!this.closing) this.fail(`the checkpoint worker exited with code ${code}`); });
  }

  /** Tells the checkpointer how many bytes a commit stored; asks for a checkpoint past the threshold. */
  committed(bytes: number): void {
    this.bytesSinceRequest += bytes * WAL_BYTES_PER_STORED_BYTE + WAL_BYTES_PER_COMMIT;
    this.requestIfDue();
  }

  /** Stops the worker after its current checkpoint; the writer keeps SQLite's own checkpoints. */
  async close(): Promise<void> {
    if (!this.closing) {
      this.closing = true;
      this.checkpointed.dispose();
      // Awaited now: the exit must keep the process alive until it comes.
      this.worker.ref();
      this.worker.postMessage('close');
    }
    await this.exited;
  }

  private requestIfDue(): void {
    if (!this.ready || this.inFlight || this.failed || this.closing || this.bytesSinceRequest < CHECKPOINT_AFTER_BYTES) return;
    this.bytesSinceRequest = 0;
    this.inFlight = true;
    this.worker.postMessage('checkpoint');
  }

  private onMessage(message: 'ready' | JournalCheckpoint): void {
    if (message === 'ready') {
      this.ready = true;
    } else {
      this.inFlight = false;
      this.checkpointed.fire(message);
    }
    this.requestIfDue();
  }

  private fail(error: string): void {
    if (this.failed) return;
    this.failed = true;
    if (this.db.open) this.db.pragma(`wal_autocheckpoint = ${SQLITE_DEFAULT_CHECKPOINT_PAGES}`);
    this.checkpointed.fire({ ok: false, error });
    void this.worker.terminate();
  }
}
