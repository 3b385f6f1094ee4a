import type Database from 'better-sqlite3';
import type { EventEnvelope } from '../protocol/index.ts';
import type { TerminalChunk, TerminalChunkRun } from './eventJournal.ts';
import { envelopeFromRow } from './eventRowMapping.ts';
import type { EventRow } from './eventRowMapping.ts';
import { journalInvalidArgument } from './journalErrors.ts';
import { ENVELOPE_JSON_SQL, serializedEventsFromRaw } from './serializedEvent.ts';
import type { SerializedEvent, SerializedEventRun } from './serializedEvent.ts';

interface ChunkRow {
  seq: number;
  data: Buffer;
}

/** Cursor reads of committed events and terminal chunks, through statements prepared once. */
export class JournalReader {
  private readonly selectEvents: Database.Statement<[number, number], EventRow>;
  private readonly selectSerialized: Database.Statement<[number, number], [number, string]>;
  private readonly selectRun: Database.Statement<[number, number], [number | null, number, Buffer | null]>;
  private readonly selectChunks: Database.Statement<[string, number, number], ChunkRow>;
  private readonly selectChunkRuns: Database.Statement<[string, number, number, number], [number, number, Buffer]>;

  constructor(db: Database.Database) {
    this.selectEvents = db.prepare<[number, number], EventRow>(
      'SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?',
    );
    this.selectSerialized = db.prepare<[number, number], [number, string]>(
      `SELECT seq, ${ENVELOPE_JSON_SQL} FROM events WHERE seq > ? ORDER BY seq LIMIT ?`,
    ).raw(true);
    // The page is joined inside SQLite and comes back as one buffer: no JavaScript string per
    // event, and none for the page either (the socket takes the bytes as they are).
    this.selectRun = db.prepare<[number, number], [number | null, number, Buffer | null]>(`
      SELECT max(seq), count(*), CAST(group_concat(json, ',' ORDER BY seq) AS BLOB)
      FROM (SELECT seq, ${ENVELOPE_JSON_SQL} AS json FROM events WHERE seq > ? ORDER BY seq LIMIT ?)`,
    ).raw(true);
    this.selectChunks = db.prepare<[string, number, number], ChunkRow>(
      'SELECT seq, data FROM terminal_chunks WHERE stream_id = ? AND seq > ? ORDER BY seq LIMIT ?',
    );
    // A page of chunks cut where the running byte total crosses a multiple of the run size, each
    // run concatenated inside SQLite: one buffer per run instead of one per chunk. A stream's seqs
    // are consecutive (chunks are never deleted), so a run's chunks are `seq - count + 1 .. seq`.
    this.selectChunkRuns = db.prepare<[string, number, number, number], [number, number, Buffer]>(`
      SELECT max(seq), count(*), CAST(group_concat(data, '' ORDER BY seq) AS BLOB)
      FROM (
        SELECT seq, data, sum(length(data)) OVER (ORDER BY seq ROWS UNBOUNDED PRECEDING) AS upto
        FROM terminal_chunks WHERE stream_id = ? AND seq > ? ORDER BY seq LIMIT ?
      )
      GROUP BY (upto - 1) / CAST(? AS INTEGER) ORDER BY 1`,
    ).raw(true);
  }

  /** Events with seq > cursor, oldest first, at most `limit`. */
  events(cursor: number, limit: number): EventEnvelope[] {
    assertPage(cursor, limit);
    return this.selectEvents.all(cursor, limit).map(envelopeFromRow);
  }

  /** `events`, as wire JSON built straight from the stored columns (see serializedEvent.ts). */
  serializedEvents(cursor: number, limit: number): SerializedEvent[] {
    assertPage(cursor, limit);
    return serializedEventsFromRaw(this.selectSerialized.all(cursor, limit));
  }

  /** `serializedEvents` as one run, or undefined when no event follows the cursor. */
  serializedRun(cursor: number, limit: number): SerializedEventRun | undefined {
    assertPage(cursor, limit);
    const [seq, count, json] = this.selectRun.get(cursor, limit) ?? [null, 0, null];
    return seq === null || json === null ? undefined : { seq, count, json };
  }

  /** Chunks of one stream with seq > cursor, oldest first, at most `limit`. */
  chunks(streamId: string, cursor: number, limit: number): TerminalChunk[] {
    assertPage(cursor, limit);
    return this.selectChunks.all(streamId, cursor, limit).map((row) => ({ streamId, seq: row.seq, data: row.data }));
  }

  /** `chunks` as runs of about `runBytes` each (a chunk is never split, so a run can be larger). */
  chunkRuns(streamId: string, cursor: number, limit: number, runBytes: number): TerminalChunkRun[] {
    assertPage(cursor, limit);
    if (!Number.isSafeInteger(runBytes) || runBytes < 1) throw journalInvalidArgument(`A run needs a positive byte size; got ${runBytes}.`);
    return this.selectChunkRuns.all(streamId, cursor, limit, runBytes).map(([seq, count, data]) => ({ streamId, seq, count, data }));
  }
}

function assertPage(cursor: number, limit: number): void {
  if (!Number.isSafeInteger(cursor) || cursor < 0 || !Number.isSafeInteger(limit) || limit < 0) {
    throw journalInvalidArgument(
      `A journal read needs a non-negative integer cursor and limit; got cursor ${cursor}, limit ${limit}.`,
    );
  }
}
