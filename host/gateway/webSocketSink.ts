import type { WebSocket } from 'ws';
import { StreamCloseCode } from '../protocol/index.ts';
import type { StreamResyncMessage } from '../protocol/index.ts';
import type { StreamSink } from './streamSink.ts';

/** A text frame whose UTF-8 bytes are already made (a replay page), sent without a string. */
export interface Utf8TextFrame {
  readonly utf8: Uint8Array;
}

/** A WebSocket frame: text (a string or its UTF-8 bytes) or binary. */
export type WireFrame = string | Uint8Array | Utf8TextFrame;

/** Turns items into WebSocket frames. */
export type FrameEncoder<T> = (items: readonly T[]) => WireFrame[];

/** WebSocket close code for a failure on the host side. */
const INTERNAL_ERROR_CLOSE = 1011;

/** A cursor stream's WebSocket: frames from `encode`, `resync` as a JSON text frame then close 4000. */
export class WebSocketSink<T> implements StreamSink<T> {
  private readonly socket: WebSocket;
  private readonly encode: FrameEncoder<T>;

  constructor(socket: WebSocket, encode: FrameEncoder<T>) {
    this.socket = socket;
    this.encode = encode;
  }

  isOpen(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  bufferedBytes(): number {
    return this.socket.bufferedAmount;
  }

  write(items: readonly T[], onWritten?: () => void): number {
    const frames = this.encode(items);
    const last = frames.length - 1;
    let bytes = 0;
    const transport = frames.length > 1 ? corkable(this.socket) : undefined;
    // Many small frames (terminal chunks) leave in one write instead of one system call each.
    transport?.cork();
    try {
      frames.forEach((frame, index) => {
        const [data, binary] = typeof frame === 'string' ? [frame, false] : frame instanceof Uint8Array ? [frame, true] : [frame.utf8, false];
        const length = typeof data === 'string' ? Buffer.byteLength(data) : data.byteLength;
        bytes += length + frameHeaderBytes(length);
        this.socket.send(data, { binary }, index === last && onWritten ? () => onWritten() : undefined);
      });
    } finally {
      transport?.uncork();
    }
    if (last < 0) onWritten?.();
    return bytes;
  }

  resync(message: StreamResyncMessage): void {
    this.socket.send(JSON.stringify(message));
    this.socket.close(StreamCloseCode.resync, 'resync');
  }

  fail(): void {
    this.socket.close(INTERNAL_ERROR_CLOSE, 'stream failed on the host');
  }
}

/** Size of an unmasked (server to client) frame header for a payload of `length` bytes. */
function frameHeaderBytes(length: number): number {
  return length < 126 ? 2 : length < 65_536 ? 4 : 10;
}

/**
 * The network socket under a ws WebSocket. ws corks it around each frame itself; corking it
 * across a batch (nesting ws's own cork) makes the batch one write. `_socket` is ws's internal
 * field, so its absence simply means frames go out one by one.
 */
function corkable(socket: WebSocket): { cork(): void; uncork(): void } | undefined {
  const transport = (socket as unknown as { _socket?: { cork?: unknown; uncork?: unknown } })._socket;
  return typeof transport?.cork === 'function' && typeof transport.uncork === 'function'
    ? transport as { cork(): void; uncork(): void }
    : undefined;
}
