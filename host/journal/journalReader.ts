import type Database from 'better-sqlite3';
import type { EventEnvelope } from '../protocol/index.ts';
import type { TerminalChunk } from './eventJournal.ts';
import { envelopeFromRow } from './eventRowMapping.ts';
import type { EventRow } from './eventRowMapping.ts';
import { journalInvalidArgument } from './journalErrors.ts';
import { serializedEventFromRow } from './serializedEvent.ts';
import type { SerializedEvent } from './serializedEvent.ts';

interface ChunkRow {
  seq: number;
  data: Buffer;
}

/** Cursor reads of committed events and terminal chunks, through statements prepared once. */
export class JournalReader {
  private readonly selectEvents: Database.Statement<[number, number], EventRow>;
  private readonly selectChunks: Database.Statement<[string, number, number], ChunkRow>;

  constructor(db: Database.Database) {
    this.selectEvents = db.prepare<[number, number], EventRow>(
      'SELECT * FROM events WHERE seq > ? ORDER BY seq LIMIT ?',
    );
    this.selectChunks = db.prepare<[string, number, number], ChunkRow>(
      'SELECT seq, data FROM terminal_chunks WHERE stream_id = ? AND seq > ? ORDER BY seq LIMIT ?',
    );
  }

  /** Events with seq > cursor, oldest first, at most `limit`. */
  events(cursor: number, limit: number): EventEnvelope[] {
    assertPage(cursor, limit);
    return this.selectEvents.all(cursor, limit).map(envelopeFromRow);
  }

  /** `events`, as wire JSON built straight from the stored columns (see serializedEvent.ts). */
  serializedEvents(cursor: number, limit: number): SerializedEvent[] {
    assertPage(cursor, limit);
    return this.selectEvents.all(cursor, limit).map(serializedEventFromRow);
  }

  /** Chunks of one stream with seq > cursor, oldest first, at most `limit`. */
  chunks(streamId: string, cursor: number, limit: number): TerminalChunk[] {
    assertPage(cursor, limit);
    return this.selectChunks.all(streamId, cursor, limit).map((row) => ({ streamId, seq: row.seq, data: row.data }));
  }
}

function assertPage(cursor: number, limit: number): void {
  if (!Number.isSafeInteger(cursor) || cursor < 0 || !Number.isSafeInteger(limit) || limit < 0) {
    throw journalInvalidArgument(
      `A journal read needs a non-negative integer cursor and limit; got cursor ${cursor}, limit ${limit}.`,
    );
  }
}
