import type { StreamResyncMessage } from '../protocol/index.ts';

/**
 * Where a cursor stream writes: a WebSocket or a Server-Sent Events response. The sink owns the
 * wire format; the stream owns ordering, the cursor and the buffer bound.
 */
export interface StreamSink<T> {
  isOpen(): boolean;
  /** Bytes accepted but not yet handed to the network: this subscriber's queue. */
  bufferedBytes(): number;
  /**
   * Writes items in order and returns how many bytes that queued (as `bufferedBytes` counts
   * them); `onWritten` runs once they left the queue (or the sink closed).
   */
  write(items: readonly T[], onWritten?: () => void): number;
  /** Tells the client to reconnect from `message.cursor`, then closes. */
  resync(message: StreamResyncMessage): void;
  /** Closes after a failure on the host side; the client reconnects with backoff. */
  fail(): void;
}
