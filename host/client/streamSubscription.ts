import type { Clock } from '../base/clock.ts';
import type { IDisposable } from '../base/lifecycle.ts';
import { Backoff, type BackoffOptions } from './backoff.ts';
import { GatewayClientError, GatewayClientErrorCode } from './gatewayClientError.ts';
import type { GatewayTransport } from './gatewayTransport.ts';
import { ReconnectingSocket } from './reconnectingSocket.ts';
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

/** A socket on `pathWithCursor()` (re-evaluated on every reconnect, so it resumes from the cursor). */
export function openResumingSocket(transport: GatewayTransport, token: string, pathWithCursor: () => string, observer: StreamObserver,
  settings: StreamSettings, onMessage: (data: Buffer, isBinary: boolean) => void): ReconnectingSocket {
  return new ReconnectingSocket({
    url: () => transport.webSocketUrl(pathWithCursor()),
    headers: { authorization: `Bearer ${token}` },
    socketOptions: transport.webSocketOptions,
    onMessage,
    onStatus: observer.onStatus,
    onError: observer.onError,
    backoff: new Backoff(settings.backoff),
    clock: settings.clock,
    healthyAfterMs: settings.healthyAfterMs,
    description: transport.description,
  });
}

export function streamProtocolError(message: string): GatewayClientError {
  return new GatewayClientError(GatewayClientErrorCode.invalidResponse, message);
}
