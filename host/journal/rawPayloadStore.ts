import type Database from 'better-sqlite3';
import { errorMessage } from '../base/errors.ts';
import type { NewRawPayload, RawPayload } from './eventJournal.ts';
import { newEventId } from './eventId.ts';
import { isoTimestampNow } from './isoTimestamp.ts';
import { journalInvalidArgument } from './journalErrors.ts';

/** Longest raw body stored (characters); a longer one keeps its start and a note of what was cut. */
export const MAX_RAW_PAYLOAD_CHARS = 1024 * 1024;

interface RawRow {
  id: string;
  run_id: string | null;
  source: string;
  ts: string;
  body: string;
}

/**
 * The `raw_payloads` table. Rows are queued and written in one transaction by `flush()`, which the
 * journal calls at the start of each group commit, before the events: an event appended after
 * `add()` returned its id can never be committed without the row it refers to.
 */
export class RawPayloadStore {
  private readonly insert: Database.Statement<[string, string | null, string, string, string]>;
  private readonly select: Database.Statement<[string], RawRow>;
  private readonly writeAll: Database.Transaction<(rows: readonly RawRow[]) => void>;
  private queue: RawRow[] = [];
  /** Rows lost to a failed flush, and why the last one failed (diagnostic data only; events are unaffected). */
  dropped = 0;
  lastError: string | null = null;

  constructor(db: Database.Database) {
    this.insert = db.prepare('INSERT INTO raw_payloads (id, run_id, source, ts, body) VALUES (?, ?, ?, ?, ?)');
    this.select = db.prepare<[string], RawRow>('SELECT id, run_id, source, ts, body FROM raw_payloads WHERE id = ?');
    this.writeAll = db.transaction((rows) => {
      for (const row of rows) this.insert.run(row.id, row.run_id, row.source, row.ts, row.body);
    });
  }

  get hasPending(): boolean {
    return this.queue.length > 0;
  }

  /** Queues a payload and returns its id. */
  add(raw: NewRawPayload): string {
    if (typeof raw.source !== 'string' || raw.source === '') throw journalInvalidArgument('A raw payload needs a non-empty source.');
    if (typeof raw.body !== 'string') throw journalInvalidArgument(`The raw payload from ${raw.source} is not a string.`);
    const row: RawRow = { id: newEventId(), run_id: raw.runId ?? null, source: raw.source, ts: isoTimestampNow(), body: capped(raw.body) };
    this.queue.push(row);
    return row.id;
  }

  /** Writes the queued rows in one transaction; a failure drops them (counted), it never throws. */
  flush(): void {
    if (this.queue.length === 0) return;
    const rows = this.queue;
    this.queue = [];
    try {
      this.writeAll.immediate(rows);
    } catch (error) {
      this.dropped += rows.length;
      this.lastError = errorMessage(error);
    }
  }

  read(id: string): RawPayload | undefined {
    const row = this.select.get(id) ?? this.queue.find((queued) => queued.id === id);
    return row ? { id: row.id, runId: row.run_id, source: row.source, timestamp: row.ts, body: row.body } : undefined;
  }
}

function capped(body: string): string {
  if (body.length <= MAX_RAW_PAYLOAD_CHARS) return body;
  return `${body.slice(0, MAX_RAW_PAYLOAD_CHARS)}… [raw payload truncated: ${body.length - MAX_RAW_PAYLOAD_CHARS} more characters]`;
}
