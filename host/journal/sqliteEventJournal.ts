import type Database from 'better-sqlite3';
import { Emitter } from '../base/emitter.ts';
import type { Event } from '../base/emitter.ts';
import { CodedError, errorMessage } from '../base/errors.ts';
import type { EntityRef, EventEnvelope, NewEvent } from '../protocol/index.ts';
import type { EventJournal, NewRawPayload, RawPayload, RunEnclosure, SerializedEvent, SerializedEventRun, TerminalChunk, TerminalChunkRun } from './eventJournal.ts';
import { EntityEventReader } from './entityEventReader.ts';
import type { EntityEventSummary, PageDirection } from './entityEventReader.ts';
import { newEventId } from './eventId.ts';
import { toPendingEvent } from './eventRowMapping.ts';
import { GroupCommitBatch } from './groupCommitBatch.ts';
import type { CommittedBatch } from './groupCommitBatch.ts';
import { isoTimestampNow } from './isoTimestamp.ts';
import { DEFAULT_SYNCHRONOUS, openJournalDatabase } from './journalDatabase.ts';
import type { JournalSynchronous } from './journalDatabase.ts';
import { JournalErrorCode, journalClosedError, journalInvalidArgument } from './journalErrors.ts';
import { JournalReader } from './journalReader.ts';
import { JournalWriter } from './journalWriter.ts';
import { RawPayloadStore } from './rawPayloadStore.ts';
import { rememberCommitted } from './serializedEvent.ts';
import { WalCheckpointer } from './walCheckpointer.ts';
import type { JournalCheckpoint } from './walCheckpointer.ts';

/** Tuning of a SQLite journal; the defaults are what the host uses. */
export interface SqliteJournalOptions {
  /** FULL (default) fsyncs every group commit; NORMAL exists for the bench and for throwaway journals. */
  synchronous?: JournalSynchronous;
}

/**
 * Opens the SQLite event journal at `path` (':memory:' for a private in-memory one), creating
 * the file and its folders and applying missing migrations. Throws `journal_open_failed`.
 */
export function openSqliteJournal(path: string, options: SqliteJournalOptions = {}): EventJournal {
  const synchronous = options.synchronous ?? DEFAULT_SYNCHRONOUS;
  const db = openJournalDatabase(path, synchronous);
  return new SqliteEventJournal(db, db.memory ? undefined : new WalCheckpointer(db, path, synchronous));
}

/**
 * Group commit: appends only queue; one flush per tick writes the queue in one transaction, then
 * tells subscribers, then settles the callers' promises. The flush runs on setImmediate rather
 * than queueMicrotask: a microtask would flush before the event loop delivers the next I/O
 * callback, so each harness message the orchestrator handles would cost its own transaction and
 * fsync; the check phase comes right after the poll phase, so every I/O callback of one loop turn
 * (and every await chain they start) shares a single commit, for at most one loop turn of delay.
 *
 * Commit and notification happen in one synchronous step, so no other code ever observes a
 * committed batch (through read() or head()) whose subscribers have not been told yet: a stream
 * that replays up to head() and subscribes in the same synchronous step misses nothing.
 */
class SqliteEventJournal implements EventJournal {
  private readonly db: Database.Database;
  private readonly writer: JournalWriter;
  private readonly reader: JournalReader;
  private readonly entityReader: EntityEventReader;
  private readonly raws: RawPayloadStore;
  private readonly checkpointer: WalCheckpointer | undefined;
  private readonly appended = new Emitter<readonly EventEnvelope[]>();
  private readonly appendedTerminal = new Emitter<TerminalChunk>();
  private batch = new GroupCommitBatch();
  private flushHandle: NodeJS.Immediate | undefined;
  private closed = false;

  readonly onDidAppend: Event<readonly EventEnvelope[]> = this.appended.event;
  readonly onDidAppendTerminal: Event<TerminalChunk> = this.appendedTerminal.event;
  readonly onDidCheckpoint: Event<JournalCheckpoint>;

  constructor(db: Database.Database, checkpointer: WalCheckpointer | undefined) {
    this.db = db;
    this.checkpointer = checkpointer;
    this.onDidCheckpoint = checkpointer?.onDidCheckpoint ?? (() => ({ dispose: () => undefined }));
    this.writer = new JournalWriter(db);
    this.reader = new JournalReader(db);
    this.entityReader = new EntityEventReader(db);
    this.raws = new RawPayloadStore(db);
  }

  append(events: readonly NewEvent[]): Promise<EventEnvelope[]> {
    if (this.closed) return Promise.reject(journalClosedError('append events'));
    try {
      const ts = isoTimestampNow();
      const pending = events.map((event) => toPendingEvent(event, newEventId(), ts));
      if (pending.length === 0) return Promise.resolve([]);
      const appended = this.batch.addEvents(pending);
      this.scheduleFlush();
      return appended;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  appendTerminal(streamId: string, data: Uint8Array): Promise<TerminalChunk> {
    if (this.closed) return Promise.reject(journalClosedError('append terminal output'));
    if (typeof streamId !== 'string' || streamId === '') {
      return Promise.reject(journalInvalidArgument('A terminal chunk needs a non-empty stream id.'));
    }
    // Copied now: PTY and socket buffers are often pooled and overwritten before the flush runs.
    const appended = this.batch.addChunk({ streamId, ts: isoTimestampNow(), data: Buffer.from(data), seq: 0 });
    this.scheduleFlush();
    return appended;
  }

  appendRaw(raw: NewRawPayload): string {
    if (this.closed) throw journalClosedError('keep a raw payload');
    const id = this.raws.add(raw);
    this.scheduleFlush();
    return id;
  }

  readRaw(id: string): RawPayload | undefined {
    this.assertOpen('read a raw payload');
    return this.raws.read(id);
  }

  read(cursor: number, limit: number): EventEnvelope[] {
    this.assertOpen('read events');
    return this.reader.events(cursor, limit);
  }

  readSerialized(cursor: number, limit: number): SerializedEvent[] {
    this.assertOpen('read events');
    return this.reader.serializedEvents(cursor, limit);
  }

  readSerializedRun(cursor: number, limit: number): SerializedEventRun | undefined {
    this.assertOpen('read events');
    return this.reader.serializedRun(cursor, limit);
  }

  readSerializedRuns(cursor: number, limit: number, runBytes: number, enclosure?: RunEnclosure): SerializedEventRun[] {
    this.assertOpen('read events');
    return this.reader.serializedRuns(cursor, limit, runBytes, enclosure);
  }

  head(): number {
    this.assertOpen('read the head');
    return this.writer.head;
  }

  readByEntity(kind: EntityRef['kind'], id: string, cursor: number, limit: number, direction: PageDirection = 'forward', types?: readonly string[]): EventEnvelope[] {
    this.assertOpen('read events of an entity');
    return this.entityReader.events(kind, id, cursor, limit, direction, types);
  }

  readSerializedByEntity(kind: EntityRef['kind'], id: string, cursor: number, limit: number): SerializedEvent[] {
    this.assertOpen('read events of an entity');
    return this.entityReader.serializedEvents(kind, id, cursor, limit);
  }

  entitySummary(kind: EntityRef['kind'], id: string): EntityEventSummary {
    this.assertOpen('count events of an entity');
    return this.entityReader.entitySummary(kind, id);
  }

  readTerminal(streamId: string, cursor: number, limit: number): TerminalChunk[] {
    this.assertOpen('read terminal output');
    return this.reader.chunks(streamId, cursor, limit);
  }

  readTerminalRuns(streamId: string, cursor: number, limit: number, runBytes: number, pageBytes?: number): TerminalChunkRun[] {
    this.assertOpen('read terminal output');
    return this.reader.chunkRuns(streamId, cursor, limit, runBytes, pageBytes);
  }

  terminalHead(streamId: string): number {
    this.assertOpen('read a terminal head');
    return this.writer.terminalHead(streamId);
  }

  async close(): Promise<void> {
    this.shutdown();
    await this.checkpointer?.close();
  }

  dispose(): void {
    this.shutdown();
  }

  private scheduleFlush(): void {
    this.flushHandle ??= setImmediate(() => this.flush());
  }

  private flush(): void {
    if (this.flushHandle) clearImmediate(this.flushHandle);
    this.flushHandle = undefined;
    // Raw payloads first: the events of this batch may refer to them.
    this.raws.flush();
    const batch = this.batch;
    if (batch.isEmpty) return;
    // Swapped first: a subscriber that appends while being told starts the next batch.
    this.batch = new GroupCommitBatch();
    const events = batch.numberEvents(this.writer.head);
    try {
      this.writer.write(events, batch.pendingChunks());
    } catch (error) {
      batch.rejectAll(new CodedError(
        JournalErrorCode.appendFailed,
        `The journal could not commit a batch of appends, so none of them was stored: ${errorMessage(error)}`,
        { cause: error },
      ));
      return;
    }
    const committed = batch.committed(events);
    this.checkpointer?.committed(committedBytes(committed));
    if (committed.events.length > 0) {
      rememberCommitted(committed.events, committed.eventJson);
      this.appended.fire(committed.events);
    }
    for (const chunk of committed.chunks) this.appendedTerminal.fire(chunk);
    batch.resolveAll(committed);
  }

  private shutdown(): void {
    if (this.closed) return;
    this.closed = true;
    this.flush();
    this.appended.dispose();
    this.appendedTerminal.dispose();
    this.db.close();
    void this.checkpointer?.close();
  }

  private assertOpen(operation: string): void {
    if (this.closed) throw journalClosedError(operation);
  }
}

/** About what a batch added to the WAL: its events' JSON and its terminal data. */
function committedBytes(batch: CommittedBatch): number {
  let bytes = 0;
  for (const json of batch.eventJson) bytes += json.length;
  for (const chunk of batch.chunks) bytes += chunk.data.byteLength;
  return bytes;
}
