import type { WebSocket } from 'ws';
import type { IDisposable } from '../base/lifecycle.ts';
import { SCHEMA_VERSION, StreamCloseCode } from '../protocol/index.ts';
import type { StreamResyncMessage } from '../protocol/index.ts';
import type { GatewayLog } from './gatewayLog.ts';

/** A journal-backed sequence: read pages after a cursor, and hear about committed appends. */
export interface CursorSource<T> {
  read(cursor: number, limit: number): readonly T[];
  /** Told after commit, in seq order; anything told has been readable since before the call. */
  subscribe(listener: (items: readonly T[]) => void): IDisposable;
  seqOf(item: T): number;
}

/** Turns items into WebSocket frames (text for JSON, bytes for binary). */
export type FrameEncoder<T> = (items: readonly T[]) => Array<string | Uint8Array>;

export interface CursorStreamOptions {
  /** Items read from the journal per replay page. */
  pageSize: number;
  /** Past this many bytes queued for a live client, it is told to resync and disconnected. */
  maxBufferedBytes: number;
}

/**
 * Replays a source after `cursor`, then streams it live, with no gap and no duplicate.
 *
 * The subscription is taken before the first read. While replaying, live batches are not
 * buffered: the source only announces committed items, so everything announced during the replay
 * is also found by the replay's later reads. The replay ends on a short page, and the switch to
 * live happens in the same synchronous step as that read, so nothing committed can fall between.
 * Live batches are then filtered to seq > last sent, which drops what the replay already sent.
 * Replay waits for each page to reach the socket (backpressure); live sending cannot wait without
 * stalling the journal, so a client that falls behind gets `resync` and is closed.
 */
export class CursorStream<T> implements IDisposable {
  private readonly socket: WebSocket;
  private readonly source: CursorSource<T>;
  private readonly encode: FrameEncoder<T>;
  private readonly options: CursorStreamOptions;
  private readonly log: GatewayLog;
  private readonly subscription: IDisposable;
  private lastSent: number;
  private live = false;
  private disposed = false;

  constructor(init: { socket: WebSocket; source: CursorSource<T>; encode: FrameEncoder<T>; cursor: number; options: CursorStreamOptions; log: GatewayLog }) {
    this.socket = init.socket;
    this.source = init.source;
    this.encode = init.encode;
    this.options = init.options;
    this.log = init.log;
    this.lastSent = init.cursor;
    this.subscription = this.source.subscribe((items) => this.onLive(items));
    this.replay().catch((error: unknown) => this.fail(error));
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.subscription.dispose();
  }

  private async replay(): Promise<void> {
    while (this.isOpen()) {
      const page = this.source.read(this.lastSent, this.options.pageSize);
      if (page.length < this.options.pageSize) {
        this.live = true;
        this.send(page);
        return;
      }
      await new Promise<void>((resolve) => this.send(page, () => resolve()));
    }
  }

  private onLive(items: readonly T[]): void {
    if (!this.live || !this.isOpen()) return;
    try {
      const fresh = items.filter((item) => this.source.seqOf(item) > this.lastSent);
      if (fresh.length === 0) return;
      this.send(fresh);
      if (this.socket.bufferedAmount > this.options.maxBufferedBytes) this.resync();
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
    const frames = this.encode(items);
    frames.forEach((frame, index) => this.socket.send(frame, index === frames.length - 1 ? () => onWritten?.() : undefined));
    this.lastSent = this.source.seqOf(last);
  }

  private isOpen(): boolean {
    return !this.disposed && this.socket.readyState === this.socket.OPEN;
  }

  private resync(): void {
    const message: StreamResyncMessage = {
      kind: 'resync',
      schema_version: SCHEMA_VERSION,
      cursor: this.lastSent,
      reason: 'client fell behind the live stream; reconnect from cursor',
    };
    this.log.warn('stream client fell behind; asking it to resync', { cursor: this.lastSent, buffered: this.socket.bufferedAmount });
    this.dispose();
    this.socket.send(JSON.stringify(message));
    this.socket.close(StreamCloseCode.resync, 'resync');
  }

  private fail(error: unknown): void {
    this.log.error('stream replay failed', { error: error instanceof Error ? error.message : String(error) });
    this.dispose();
    this.socket.close(1011, 'stream failed on the host');
  }
}
