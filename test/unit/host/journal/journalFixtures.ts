import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { NewEvent } from '../../../../host/protocol/index.ts';

/** A realistic event; `overrides` replace any field. */
export function newEvent(overrides: Partial<NewEvent> = {}): NewEvent {
  return {
    type: 'run.output',
    actor: { kind: 'agent', id: 'codex' },
    summary: 'agent wrote a line',
    payload: { line: 'compiling…', stream: 'stdout' },
    entity_refs: [{ kind: 'run', id: 'run-1' }, { kind: 'issue', id: 'iss-1', identifier: 'ENG-1' }],
    correlation_id: null,
    raw_ref: null,
    ...overrides,
  };
}

/** `count` distinct events, numbered in their payload so order can be checked. */
export function newEvents(count: number, overrides: Partial<NewEvent> = {}): NewEvent[] {
  return Array.from({ length: count }, (_, index) => newEvent({ payload: { index }, ...overrides }));
}

/** A fresh folder for journal files, removed after the test. */
export function tempJournalPath(t: { after(fn: () => void): void }, name = 'journal.db'): string {
  const dir = mkdtempSync(join(tmpdir(), 'os-journal-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, name);
}

/** A second, independent connection to the same file: it sees only what was committed. */
export function openSecondConnection(t: { after(fn: () => void): void }, path: string): Database.Database {
  const db = new Database(path);
  t.after(() => db.close());
  return db;
}

export function countRows(db: Database.Database, table: string): number {
  return db.prepare<[], number>(`SELECT COUNT(*) FROM ${table}`).pluck().get() ?? 0;
}

