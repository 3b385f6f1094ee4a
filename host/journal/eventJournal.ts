import type { EntityRef, EventEnvelope, NewEvent } from '../protocol/index.ts';
import type { IDisposable } from '../base/lifecycle.ts';
import type { EntityEventSummary, PageDirection } from './entityEventReader.ts';
import type { RunEnclosure, SerializedEvent, SerializedEventRun } from './serializedEvent.ts';
import type { JournalCheckpoint } from './walCheckpointer.ts';

export type { EntityEventSummary, PageDirection } from './entityEventReader.ts';
export type { RunEnclosure, SerializedEvent, SerializedEventRun } from './serializedEvent.ts';
export type { JournalCheckpoint } from './walCheckpointer.ts';

/** One stored chunk of a terminal stream; `seq` is per stream, starting at 1. */
export interface TerminalChunk {
  streamId: string;
  seq: number;
  data: Uint8Array;
}

/** Consecutive chunks of a terminal stream, their bytes concatenated: `seq - count + 1 .. seq`. */
export interface TerminalChunkRun {
  streamId: string;
  /** The seq of the last chunk of the run. */
  seq: number;
  count: number;
  data: Uint8Array;
}

/** Harness data to keep verbatim for diagnosis (a malformed line, an unknown event kind). */
export interface NewRawPayload {
  runId: string | null;
  /** Where it came from, e.g. `codex/malformed`, `openhands/unknown_event`. */
  source: string;
  /** The data as received; stored capped at MAX_RAW_PAYLOAD_CHARS with a note saying so. */
  body: string;
}

/** A stored raw payload; events refer to it by `raw_ref` = `id`. */
export interface RawPayload {
  id: string;
  runId: string | null;
  source: string;
  timestamp: string;
  body: string;
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
  /**
   * `read` for streams: the same events as wire JSON, byte-identical to `JSON.stringify` of the
   * envelopes `read` returns, built from the stored text without parsing it.
   */
  readSerialized(cursor: number, limit: number): SerializedEvent[];
  /**
   * `readSerialized` as one run: the same events' JSON joined by commas, in one buffer (undefined
   * when no event follows the cursor).
   */
  readSerializedRun(cursor: number, limit: number): SerializedEventRun | undefined;
  /**
   * The same page as runs of about `runBytes` of JSON each, each joined by SQLite into one buffer,
   * between `enclosure`'s texts when given: what a WebSocket replay sends, a run per frame.
   */
  readSerializedRuns(cursor: number, limit: number, runBytes: number, enclosure?: RunEnclosure): SerializedEventRun[];
  /** Highest committed seq (0 when empty). */
  head(): number;
  /**
   * Committed events whose entity refs name `kind`/`id`, at most `limit`, oldest first. `forward`:
   * seq > cursor. `backward`: the newest events with seq < cursor (cursor 0: from the newest), for
   * loading a history newest page first. `types`, when given, keeps only events of those types.
   */
  readByEntity(kind: EntityRef['kind'], id: string, cursor: number, limit: number, direction?: PageDirection, types?: readonly string[]): EventEnvelope[];
  /** `readByEntity` forward with no type filter, as wire JSON (see `readSerialized`). */
  readSerializedByEntity(kind: EntityRef['kind'], id: string, cursor: number, limit: number): SerializedEvent[];
  /** How many committed events name `kind`/`id`, and the seq of the newest (0 when none). */
  entitySummary(kind: EntityRef['kind'], id: string): EntityEventSummary;
  /** Called once per committed batch, in seq order. */
  onDidAppend(listener: (events: readonly EventEnvelope[]) => void): IDisposable;

  /** Appends a chunk of output to a terminal stream (group-committed like events). */
  appendTerminal(streamId: string, data: Uint8Array): Promise<TerminalChunk>;
  /** Chunks of one stream with seq > cursor, oldest first, at most `limit`. */
  readTerminal(streamId: string, cursor: number, limit: number): TerminalChunk[];
  /**
   * The same chunks as runs of consecutive chunks joined by SQLite, each at most `runBytes` long
   * unless one chunk alone is longer; the page stops before a chunk that would take it past
   * `pageBytes` (its first chunk always comes). What a terminal replay sends, a run per frame.
   */
  readTerminalRuns(streamId: string, cursor: number, limit: number, runBytes: number, pageBytes?: number): TerminalChunkRun[];
  /** Highest committed chunk seq of a stream (0 when empty). */
  terminalHead(streamId: string): number;
  /** Called once per committed terminal chunk, in seq order per stream. */
  onDidAppendTerminal(listener: (chunk: TerminalChunk) => void): IDisposable;

  /**
   * Keeps a raw payload and returns its id at once, for an event's `raw_ref`. It is committed no
   * later than any event appended after this call, so a committed event's `raw_ref` always resolves.
   */
  appendRaw(raw: NewRawPayload): string;
  /** A raw payload by id (committed or still queued), or undefined. */
  readRaw(id: string): RawPayload | undefined;

  /**
   * Told after each background WAL checkpoint of a file journal (never for an in-memory one), or
   * when checkpoints stop running beside the writer (the writer then checkpoints as SQLite does).
   */
  onDidCheckpoint(listener: (checkpoint: JournalCheckpoint) => void): IDisposable;

  /** Waits for pending appends, then closes the database. */
  close(): Promise<void>;
}
