import type { EventEnvelope } from '../protocol/index.ts';
import type { TerminalChunk } from './eventJournal.ts';
import { committedEnvelope } from './eventRowMapping.ts';
import type { PendingEvent } from './eventRowMapping.ts';
import type { PendingChunk } from './journalWriter.ts';

interface Settlement<T> {
  resolve(value: T): void;
  reject(reason: unknown): void;
}

interface EventAppend extends Settlement<EventEnvelope[]> {
  readonly events: readonly PendingEvent[];
}

interface ChunkAppend extends Settlement<TerminalChunk> {
  readonly chunk: PendingChunk;
}

/** What a committed batch tells its subscribers, in seq order. */
export interface CommittedBatch {
  readonly events: readonly EventEnvelope[];
  /** The text stored for each of `events`. */
  readonly eventJson: readonly string[];
  readonly chunks: readonly TerminalChunk[];
}

/** The appends of one tick, in call order, with the promises to settle once their fate is known. */
export class GroupCommitBatch {
  private readonly eventAppends: EventAppend[] = [];
  private readonly chunkAppends: ChunkAppend[] = [];

  get isEmpty(): boolean {
    return this.eventAppends.length === 0 && this.chunkAppends.length === 0;
  }

  /** Queues one append() call; the promise settles when the batch commits or fails. */
  addEvents(events: readonly PendingEvent[]): Promise<EventEnvelope[]> {
    return new Promise((resolve, reject) => { this.eventAppends.push({ events, resolve, reject }); });
  }

  /** Queues one appendTerminal() call. */
  addChunk(chunk: PendingChunk): Promise<TerminalChunk> {
    return new Promise((resolve, reject) => { this.chunkAppends.push({ chunk, resolve, reject }); });
  }

  /** Every queued event, in call order: the order in which seqs are assigned. */
  pendingEvents(): PendingEvent[] {
    return this.eventAppends.flatMap((append) => append.events);
  }

  pendingChunks(): PendingChunk[] {
    return this.chunkAppends.map((append) => append.chunk);
  }

  /** After COMMIT: the committed envelopes and chunks, in seq order, ready for subscribers. */
  committed(): CommittedBatch {
    const pending = this.pendingEvents();
    return {
      events: pending.map(committedEnvelope),
      eventJson: pending.map((event) => event.row.envelope),
      chunks: this.chunkAppends.map(({ chunk }) => ({ streamId: chunk.streamId, seq: chunk.seq, data: chunk.data })),
    };
  }

  /** Resolves every caller with its own slice of the committed batch. */
  resolveAll(batch: CommittedBatch): void {
    let offset = 0;
    for (const append of this.eventAppends) {
      append.resolve(batch.events.slice(offset, offset + append.events.length));
      offset += append.events.length;
    }
    this.chunkAppends.forEach((append, index) => append.resolve(batch.chunks[index] as TerminalChunk));
  }

  /** The transaction failed: every caller of the batch learns why, and nothing was stored. */
  rejectAll(reason: unknown): void {
    for (const append of this.eventAppends) append.reject(reason);
    for (const append of this.chunkAppends) append.reject(reason);
  }
}
