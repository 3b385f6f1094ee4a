import type Database from 'better-sqlite3';
import type { EventEnvelope } from '../protocol/index.ts';
import type { TerminalChunk, TerminalChunkRun } from './eventJournal.ts';
import { envelopeFromJson } from './eventRowMapping.ts';
import { journalInvalidArgument } from './journalErrors.ts';
import { serializedEventsFromRaw } from './serializedEvent.ts';
import type { RunEnclosure, SerializedEvent, SerializedEventRun } from './serializedEvent.ts';

const NO_ENCLOSURE: RunEnclosure = { before: '', after: '' };

/** A run's last seq, its count, and its events' JSON joined between the enclosure's two texts. */
const SELECT_RUN = "SELECT max(seq), count(*), CAST(concat(?, group_concat(envelope, ','), ?) AS BLOB)";

interface ChunkRow {
  seq: number;
  data: Buffer;
}

/** Cursor reads of committed events and terminal chunks, through statements prepared once. */
export class JournalReader {
  private readonly selectEvents: Database.Statement<[number, number], string>;
  private readonly selectSerialized: Database.Statement<[number, number], [number, string]>;
  private readonly selectRun: Database.Statement<[string, string, number, number], [number | null, number, Buffer]>;
  private readonly selectRunRange: Database.Statement<[string, string, number, number], [number | null, number, Buffer]>;
  /** Events per run of `serializedRuns`, learned from the last run read. */
  private eventsPerRun = 64;
  private readonly selectChunks: Database.Statement<[string, number, number], ChunkRow>;
  private readonly selectChunkSizes: Database.Statement<[string, number, number], [number, number]>;
  private readonly selectChunkRun: Database.Statement<[string, number, number], [number, number, Buffer]>;

  constructor(db: Database.Database) {
    this.selectEvents = db.prepare<[number, number], string>(
      'SELECT envelope FROM events WHERE seq > ? ORDER BY seq LIMIT ?',
    ).pluck();
    this.selectSerialized = db.prepare<[number, number], [number, string]>(
      'SELECT seq, envelope FROM events WHERE seq > ? ORDER BY seq LIMIT ?',
    ).raw(true);
    // The page is joined inside SQLite, between the enclosure's two texts, and comes back as one
    // buffer: no JavaScript string per event, and none for the page either (the socket takes the
    // bytes as they are). The order is the subquery's (see selectChunkRun).
    this.selectRun = db.prepare<[string, string, number, number], [number | null, number, Buffer]>(`
      ${SELECT_RUN} FROM (SELECT seq, envelope FROM events WHERE seq > ? ORDER BY seq LIMIT ?)`,
    ).raw(true);
    // The same run as a range of seqs, a plain scan of the table in seq order with no co-routine:
    // 0.47-0.50 s per 1M events against 0.59-0.60 s. It is the run only when it holds every seq
    // of the range, which the journal's gap-free seqs make the rule (see `serializedRun`).
    this.selectRunRange = db.prepare<[string, string, number, number], [number | null, number, Buffer]>(
      `${SELECT_RUN} FROM events WHERE seq > ? AND seq <= ?`,
    ).raw(true);
    this.selectChunks = db.prepare<[string, number, number], ChunkRow>(
      'SELECT seq, data FROM terminal_chunks WHERE stream_id = ? AND seq > ? ORDER BY seq LIMIT ?',
    );
    this.selectChunkSizes = db.prepare<[string, number, number], [number, number]>(
      'SELECT seq, length(data) FROM terminal_chunks WHERE stream_id = ? AND seq > ? ORDER BY seq LIMIT ?',
    ).raw(true);
    // The aggregate reads the ordered subquery's rows in its order: a subquery with LIMIT is not
    // flattened into an aggregate, so SQLite runs it as a co-routine that yields rows in ORDER BY
    // order. An ORDER BY inside group_concat would add a sort of every blob (2× slower).
    this.selectChunkRun = db.prepare<[string, number, number], [number, number, Buffer]>(`
      SELECT max(seq), count(*), CAST(group_concat(data, '') AS BLOB)
      FROM (SELECT seq, data FROM terminal_chunks WHERE stream_id = ? AND seq > ? ORDER BY seq LIMIT ?)`,
    ).raw(true);
  }

  /** Events with seq > cursor, oldest first, at most `limit`. */
  events(cursor: number, limit: number): EventEnvelope[] {
    assertPage(cursor, limit);
    return this.selectEvents.all(cursor, limit).map(envelopeFromJson);
  }

  /** `events`, as the wire JSON the journal stored (see serializedEvent.ts). */
  serializedEvents(cursor: number, limit: number): SerializedEvent[] {
    assertPage(cursor, limit);
    return serializedEventsFromRaw(this.selectSerialized.all(cursor, limit));
  }

  /** `serializedEvents` as one run, or undefined when no event follows the cursor. */
  serializedRun(cursor: number, limit: number, enclosure: RunEnclosure = NO_ENCLOSURE): SerializedEventRun | undefined {
    assertPage(cursor, limit);
    // A full range is the run. A short one is the journal's end, or a gap in the seqs (which the
    // writer never leaves, but a repaired or hand-edited file might have): read it by LIMIT.
    const ranged = limit > 0 ? this.selectRunRange.get(enclosure.before, enclosure.after, cursor, cursor + limit) : undefined;
    const [seq, count, json] = ranged?.[1] === limit ? ranged : this.selectRun.get(enclosure.before, enclosure.after, cursor, limit) ?? [null, 0, null];
    return seq === null || json === null ? undefined : { seq, count, json };
  }

  /**
   * `serializedEvents` as runs of consecutive events of about `runBytes` of JSON each, each joined
   * by SQLite into one buffer. A run's count is what fits `runBytes` at the average event size of
   * the run before it: measuring each event first (a pass over the page's rows) cost as much as
   * reading the page, so sizes are learned as the runs come, and a run can pass `runBytes` when
   * events grow.
   */
  serializedRuns(cursor: number, limit: number, runBytes: number, enclosure: RunEnclosure = NO_ENCLOSURE): SerializedEventRun[] {
    assertPage(cursor, limit);
    assertRunBytes(runBytes);
    const enclosing = Buffer.byteLength(enclosure.before) + Buffer.byteLength(enclosure.after);
    const runs: SerializedEventRun[] = [];
    let after = cursor;
    let left = limit;
    while (left > 0) {
      const wanted = Math.min(this.eventsPerRun, left);
      const run = this.serializedRun(after, wanted, enclosure);
      if (run === undefined) break;
      runs.push(run);
      after = run.seq;
      left -= run.count;
      this.eventsPerRun = Math.max(1, Math.floor((runBytes * run.count) / Math.max(1, run.json.byteLength - enclosing)));
      if (run.count < wanted) break;
    }
    return runs;
  }

  /** Chunks of one stream with seq > cursor, oldest first, at most `limit`. */
  chunks(streamId: string, cursor: number, limit: number): TerminalChunk[] {
    assertPage(cursor, limit);
    return this.selectChunks.all(streamId, cursor, limit).map((row) => ({ streamId, seq: row.seq, data: row.data }));
  }

  /**
   * `chunks` as runs of consecutive chunks, each at most `runBytes` long unless one chunk alone is
   * longer, the page ending early past `pageBytes` (never before its first chunk): the page's sizes
   * are read first, then each run is joined by SQLite into one buffer.
   * A stream's seqs are consecutive (chunks are never deleted), so a run is `seq - count + 1 .. seq`.
   */
  chunkRuns(streamId: string, cursor: number, limit: number, runBytes: number, pageBytes = Number.POSITIVE_INFINITY): TerminalChunkRun[] {
    assertPage(cursor, limit);
    assertRunBytes(runBytes);
    const runs: TerminalChunkRun[] = [];
    let after = cursor;
    let count = 0;
    let bytes = 0;
    let pageTotal = 0;
    for (const [seq, size] of this.selectChunkSizes.all(streamId, cursor, limit)) {
      if (pageTotal > 0 && pageTotal + size > pageBytes) break;
      pageTotal += size;
      if (count > 0 && bytes + size > runBytes) {
        runs.push(this.chunkRun(streamId, after, count));
        after = seq - 1;
        count = 0;
        bytes = 0;
      }
      count += 1;
      bytes += size;
    }
    if (count > 0) runs.push(this.chunkRun(streamId, after, count));
    return runs;
  }

  private chunkRun(streamId: string, after: number, count: number): TerminalChunkRun {
    const row = this.selectChunkRun.get(streamId, after, count);
    if (row?.[1] !== count) throw new Error(`terminal stream ${streamId} lost chunks after ${after} while being read`);
    return { streamId, seq: row[0], count, data: row[2] };
  }
}

function assertRunBytes(runBytes: number): void {
  if (!Number.isSafeInteger(runBytes) || runBytes < 1) throw journalInvalidArgument(`A run needs a positive byte size; got ${runBytes}.`);
}

function assertPage(cursor: number, limit: number): void {
  if (!Number.isSafeInteger(cursor) || cursor < 0 || !Number.isSafeInteger(limit) || limit < 0) {
    throw journalInvalidArgument(
      `A journal read needs a non-negative integer cursor and limit; got cursor ${cursor}, limit ${limit}.`,
    );
  }
}
