import type { ServerResponse } from 'node:http';
import type { SerializedEvent } from '../journal/eventJournal.ts';
import type { StreamResyncMessage } from '../protocol/index.ts';
import type { StreamSink } from './streamSink.ts';

/** Browsers wait this long before reconnecting an ended EventSource. */
const RECONNECT_DELAY_MS = 1000;

export const SSE_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  // Reverse proxies (nginx) must pass events on at once instead of buffering the response.
  'x-accel-buffering': 'no',
} as const;

/**
 * The events stream as Server-Sent Events: one `message` per event with `id:` = seq (so a
 * reconnecting EventSource sends `Last-Event-ID` = the last seq it got), a `resync` event before
 * the server ends a lagging stream, and comment lines as heartbeat.
 */
export class SseSink implements StreamSink<SerializedEvent> {
  private readonly res: ServerResponse;

  constructor(res: ServerResponse) {
    this.res = res;
  }

  /** Sends the status, headers and the reconnect delay; call once before anything else. */
  open(): void {
    this.res.writeHead(200, SSE_HEADERS);
    this.res.write(`retry: ${RECONNECT_DELAY_MS}\n\n`);
  }

  isOpen(): boolean {
    return !this.res.writableEnded && !this.res.destroyed;
  }

  bufferedBytes(): number {
    return this.res.writableLength;
  }

  write(events: readonly SerializedEvent[], onWritten?: () => void): number {
    const text = events.map((event) => `id: ${event.seq}\ndata: ${event.json}\n\n`).join('');
    if (text === '') onWritten?.();
    else this.res.write(text, () => onWritten?.());
    return Buffer.byteLength(text);
  }

  /** A comment line: keeps proxies from timing the response out, ignored by clients. */
  heartbeat(): void {
    if (this.isOpen()) this.res.write(': heartbeat\n\n');
  }

  resync(message: StreamResyncMessage): void {
    this.res.end(`event: resync\ndata: ${JSON.stringify(message)}\n\n`);
  }

  fail(): void {
    this.res.end();
  }

  /** Ends the response (host shutdown); the client reconnects with Last-Event-ID. */
  close(): void {
    if (this.isOpen()) this.res.end();
  }
}
