import type { EventEnvelope, NewEvent } from '../protocol/index.ts';
import type { IDisposable } from '../base/lifecycle.ts';

/** One stored chunk of a terminal stream; `seq` is per stream, starting at 1. */
export interface TerminalChunk {
  streamId: string;
  seq: number;
  data: Uint8Array;
}

/**
 * The durable event journal. Appends are group-committed: every append issued in the same tick
 * lands in one transaction; the returned promise resolves after the commit, and subscribers are
 * told only after the commit, so nothing a client has seen can be lost by a crash.
 */
export interface EventJournal extends IDisposable {
  /** Appends events in order; resolves with the stored envelopes (seq assigned) after commit. */
  append(events: readonly NewEvent[]): Promise<EventEnvelope[]>;
  /** Events with seq > cursor, oldest first, at most `limit`. */
  read(cursor: number, limit: number): EventEnvelope[];
  /** Highest committed seq (0 when empty). */
  head(): number;
  /** Called once per committed batch, in seq order. */
  onDidAppend(listener: (events: readonly EventEnvelope[]) => void): IDisposable;

  /** Appends a chunk of output to a terminal stream (group-committed like events). */
  appendTerminal(streamId: string, data: Uint8Array): Promise<TerminalChunk>;
  /** Chunks of one stream with seq > cursor, oldest first, at most `limit`. */
  readTerminal(streamId: string, cursor: number, limit: number): TerminalChunk[];
  /** Highest committed chunk seq of a stream (0 when empty). */
  terminalHead(streamId: string): number;
  /** Called once per committed terminal chunk, in seq order per stream. */
  onDidAppendTerminal(listener: (chunk: TerminalChunk) => void): IDisposable;

  /** Waits for pending appends, then closes the database. */
  close(): Promise<void>;
}
