import type { EventEnvelope } from '../protocol/index.ts';
import type { TerminalChunk } from './eventJournal.ts';
import { numberPendingEvent } from './eventRowMapping.ts';
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
  private eventAppends: EventAppend[] = [];
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

  /**
   * Numbers the queued events after `head`, in call order, and serializes them. An append with an
   * event that cannot be serialized is rejected and leaves the batch, giving its numbers to the
   * appends after it, so it fails alone. Returns the events to write.
   */
  numberEvents(head: number): PendingEvent[] {
    const kept: EventAppend[] = [];
    const events: PendingEvent[] = [];
    let seq = head;
    for (const append of this.eventAppends) {
      try {
        for (let index = 0; index < append.events.length; index++) numberPendingEvent(append.events[index]!, seq + index + 1);
      } catch (error) {
        append.reject(error);
        continue;
      }
      seq += append.events.length;
      kept.push(append);
      for (const event of append.events) events.push(event);
    }
    this.eventAppends = kept;
    return events;
  }

  pendingChunks(): PendingChunk[] {
    return this.chunkAppends.map((append) => append.chunk);
  }

  /** After COMMIT: the committed envelopes (numbered by `numberEvents`) and chunks, in seq order. */
  committed(events: readonly PendingEvent[]): CommittedBatch {
    return {
      events: events.map((event) => event.envelope),
      eventJson: events.map((event) => event.json),
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
