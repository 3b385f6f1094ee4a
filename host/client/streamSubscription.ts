import type { Clock } from '../base/clock.ts';
import type { IDisposable } from '../base/lifecycle.ts';
import type { BackoffOptions } from './backoff.ts';
import type { GatewayClientError } from './gatewayClientError.ts';
import type { StreamStatus } from './reconnectingSocket.ts';

/** A live stream subscription; it resumes by itself until disposed. */
export interface StreamSubscription extends IDisposable {
  /** Highest seq delivered so far (the cursor the next reconnect resumes from). */
  readonly cursor: number;
}

/** Callbacks every stream subscription accepts. */
export interface StreamObserver {
  onStatus?: (status: StreamStatus) => void;
  /** Connection and protocol problems; transient ones are followed by a reconnect. */
  onError?: (error: GatewayClientError) => void;
}

/** How stream subscriptions reconnect. */
export interface StreamSettings {
  backoff: BackoffOptions;
  clock: Clock;
  healthyAfterMs: number;
}

/**
 * Calls consumer code. A consumer that throws has a bug of its own: it must not be mistaken for a
 * protocol error (which would reconnect), so the error is rethrown outside the stream.
 */
export function callConsumer(fn: () => void): void {
  try {
    fn();
  } catch (error) {
    queueMicrotask(() => { throw error; });
  }
}
