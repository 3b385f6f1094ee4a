import type { IDisposable } from '../base/lifecycle.ts';
import { errorMessage } from '../base/errors.ts';
import { SCHEMA_VERSION } from '../protocol/index.ts';
import type { StreamResyncMessage } from '../protocol/index.ts';
import { DeliveryTracker } from './deliveryTracker.ts';
import type { GatewayLog } from './gatewayLog.ts';
import type { StreamSink } from './streamSink.ts';

/** A journal-backed sequence: read pages after a cursor, and hear about committed appends. */
export interface CursorSource<T> {
  read(cursor: number, limit: number): readonly T[];
  /** Told after commit, in seq order; anything told has been readable since before the call. */
  subscribe(listener: (items: readonly T[]) => void): IDisposable;
  /** The seq of the item, or of its last entry when it holds several (a replay page read as one run). */
  seqOf(item: T): number;
  /** Highest committed seq, to measure how far a subscriber lags. */
  head(): number;
}

export interface CursorStreamOptions {
  /** Items read from the journal per replay page. */
  pageSize: number;
  /** Past this many bytes queued for a live subscriber, it is told to resync and disconnected. */
  maxBufferedBytes: number;
}

/** What a cursor stream needs; the callbacks let the broker count resyncs and forget ended streams. */
export interface CursorStreamInit<T> {
  sink: StreamSink<T>;
  source: CursorSource<T>;
  cursor: number;
  options: CursorStreamOptions;
  log: GatewayLog;
  onResync?: () => void;
  /** Called once when the stream stops: disposed, resynced or failed. */
  onDispose?: () => void;
}

/**
 * Replays a source after `cursor`, then streams it live, with no gap and no duplicate, to any sink
 * (WebSocket or SSE).
 *
 * The subscription is taken before the first read. While replaying, live batches are not
 * buffered: the source only announces committed items, so everything announced during the replay
 * is also found by the replay's later reads. The replay ends on an empty read, and the switch to
 * live happens in the same synchronous step as that read, so nothing committed can fall between.
 * Live batches are then filtered to seq > last sent, which drops what the replay already sent.
 * Replay waits for each page to leave the queue (backpressure); live sending cannot wait without
 * stalling the journal, so the sink's queue is bounded: a subscriber whose queue exceeds
 * `maxBufferedBytes` gets `resync` (with its cursor) and is closed, and reconnects from there.
 */
export class CursorStream<T> implements IDisposable {
  private readonly sink: StreamSink<T>;
  private readonly source: CursorSource<T>;
  private readonly options: CursorStreamOptions;
  private readonly log: GatewayLog;
  private readonly onResync: (() => void) | undefined;
  private readonly onDispose: (() => void) | undefined;
  private readonly delivery: DeliveryTracker;
  private readonly subscription: IDisposable;
  private lastSent: number;
  private live = false;
  private disposed = false;

  constructor(init: CursorStreamInit<T>) {
    this.sink = init.sink;
    this.source = init.source;
    this.options = init.options;
    this.log = init.log;
    this.onResync = init.onResync;
    this.onDispose = init.onDispose;
    this.lastSent = init.cursor;
    this.delivery = new DeliveryTracker(init.cursor);
    this.subscription = this.source.subscribe((items) => this.onLive(items));
    this.replay().catch((error: unknown) => this.fail(error));
  }

  /** The highest seq handed to the sink. */
  get cursor(): number {
    return this.lastSent;
  }

  /** How many items the subscriber is behind the source's head: not yet sent, or still queued. */
  lag(): number {
    return Math.max(0, this.source.head() - this.delivery.deliveredSeq(this.sink.bufferedBytes()));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.subscription.dispose();
    this.onDispose?.();
  }

  /**
   * Pages are double-buffered: page k+1 is read and queued as soon as page k-1 has left the
   * queue, so reading the journal overlaps with the socket writing the page before. At most two
   * pages wait in the queue, however long the replay. The replay ends on an empty read (a page
   * may be short before the end: sources may cut pages by bytes), and the switch to live happens
   * in that same synchronous step.
   */
  private async replay(): Promise<void> {
    let previous: Promise<void> = Promise.resolve();
    while (this.isOpen()) {
      const page = this.source.read(this.lastSent, this.options.pageSize);
      if (page.length === 0) {
        this.live = true;
        return;
      }
      const written = new Promise<void>((resolve) => this.send(page, resolve));
      await previous;
      previous = written;
    }
  }

  private onLive(items: readonly T[]): void {
    if (!this.live || !this.isOpen()) return;
    try {
      const fresh = items.filter((item) => this.source.seqOf(item) > this.lastSent);
      if (fresh.length === 0) return;
      this.send(fresh);
      if (this.sink.bufferedBytes() > this.options.maxBufferedBytes) this.resync();
    } catch (error) {
      // Thrown from the journal's notification: fail this stream, never the journal or the host.
      this.fail(error);
    }
  }

  private send(items: readonly T[], onWritten?: () => void): void {
    const last = items.at(-1);
    if (last === undefined || !this.isOpen()) {
      onWritten?.();
      return;
    }
    this.lastSent = this.source.seqOf(last);
    this.delivery.wrote(this.lastSent, this.sink.write(items, onWritten));
    this.delivery.deliveredSeq(this.sink.bufferedBytes());
  }

  private isOpen(): boolean {
    return !this.disposed && this.sink.isOpen();
  }

  private resync(): void {
    const message: StreamResyncMessage = {
      kind: 'resync',
      schema_version: SCHEMA_VERSION,
      cursor: this.lastSent,
      reason: 'client fell behind the live stream; reconnect from cursor',
    };
    this.log.warn('stream client fell behind; asking it to resync', { cursor: this.lastSent, buffered: this.sink.bufferedBytes() });
    this.dispose();
    this.onResync?.();
    this.sink.resync(message);
  }

  private fail(error: unknown): void {
    this.log.error('stream replay failed', { error: errorMessage(error) });
    this.dispose();
    this.sink.fail();
  }
}
