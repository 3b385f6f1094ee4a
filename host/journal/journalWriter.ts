import type Database from 'better-sqlite3';
import { BlockInsert } from './blockInsert.ts';
import { EVENT_COLUMNS, pushPendingEventValues } from './eventRowMapping.ts';
import type { PendingEvent } from './eventRowMapping.ts';

/** A terminal chunk waiting for the group commit; `seq` is assigned by the writer. */
export interface PendingChunk {
  readonly streamId: string;
  readonly ts: string;
  readonly data: Buffer;
  seq: number;
}

type ChunkRow = [streamId: string, seq: number, ts: string, data: Buffer];

/**
 * Writes one group-commit batch in one transaction and owns the sequence counters.
 *
 * The host is the journal's only writer, so counters live in memory, seeded from the database
 * at open. They advance only after COMMIT: a rolled-back batch gives its numbers to the next one,
 * which keeps `seq` gap-free; no reader, listener or caller ever saw the rolled-back numbers.
 * Seqs continue from MAX(seq) after a reopen, which never goes back because the journal never
 * deletes events (a future compaction must keep the newest row or record a high-water mark).
 */
export class JournalWriter {
  private readonly insertEvents: BlockInsert;
  private readonly insertEntities: BlockInsert;
  private readonly insertChunk: Database.Statement<ChunkRow>;
  private readonly selectTerminalHead: Database.Statement<[string], number | null>;
  private readonly commitBatch: Database.Transaction<
    (events: readonly PendingEvent[], chunks: readonly PendingChunk[], heads: Map<string, number>) => void
  >;
  private eventHead: number;
  private readonly terminalHeads = new Map<string, number>();

  constructor(db: Database.Database) {
    this.insertEvents = new BlockInsert(db, `INSERT INTO events (${EVENT_COLUMNS.join(', ')})`, EVENT_COLUMNS.length, 32);
    // OR IGNORE: an event that names the same entity twice still gets one index row.
    this.insertEntities = new BlockInsert(db, 'INSERT OR IGNORE INTO event_entities (entity_kind, entity_id, seq)', 3, 64);
    this.insertChunk = db.prepare('INSERT INTO terminal_chunks (stream_id, seq, ts, data) VALUES (?, ?, ?, ?)');
    this.selectTerminalHead = db.prepare<[string], number | null>(
      'SELECT MAX(seq) FROM terminal_chunks WHERE stream_id = ?',
    ).pluck();
    this.eventHead = db.prepare<[], number | null>('SELECT MAX(seq) FROM events').pluck().get() ?? 0;
    this.commitBatch = db.transaction((events, chunks, heads) => {
      this.writeEvents(events);
      this.writeChunks(chunks, heads);
    });
  }

  /** Highest committed event seq. */
  get head(): number {
    return this.eventHead;
  }

  /** Highest committed chunk seq of a stream. Not cached for unknown streams: reads stay free. */
  terminalHead(streamId: string): number {
    return this.terminalHeads.get(streamId) ?? this.selectTerminalHead.get(streamId) ?? 0;
  }

  /**
   * Writes everything in one transaction; throws (having stored nothing) on failure. `events` are
   * numbered from `head + 1` on, in order (`GroupCommitBatch.numberEvents`); chunks get their seqs here.
   */
  write(events: readonly PendingEvent[], chunks: readonly PendingChunk[]): void {
    if (events.length > 0 && events[0]!.envelope.seq !== this.eventHead + 1) {
      throw new Error(`events must be numbered from ${this.eventHead + 1}; got ${events[0]!.envelope.seq}`);
    }
    const heads = new Map<string, number>();
    // IMMEDIATE takes the write lock up front, so a stray second writer makes BEGIN wait or fail
    // cleanly instead of failing half-way through the batch.
    this.commitBatch.immediate(events, chunks, heads);
    this.eventHead += events.length;
    for (const [streamId, head] of heads) this.terminalHeads.set(streamId, head);
  }

  private writeEvents(events: readonly PendingEvent[]): void {
    const eventValues: unknown[] = [];
    const entityValues: unknown[] = [];
    for (const event of events) {
      pushPendingEventValues(event, eventValues);
      for (const ref of event.envelope.entity_refs) entityValues.push(ref.kind, ref.id, event.envelope.seq);
    }
    this.insertEvents.run(eventValues);
    this.insertEntities.run(entityValues);
  }

  private writeChunks(chunks: readonly PendingChunk[], heads: Map<string, number>): void {
    for (const chunk of chunks) {
      chunk.seq = (heads.get(chunk.streamId) ?? this.terminalHead(chunk.streamId)) + 1;
      heads.set(chunk.streamId, chunk.seq);
      this.insertChunk.run(chunk.streamId, chunk.seq, chunk.ts, chunk.data);
    }
  }
}
