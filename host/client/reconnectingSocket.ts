import type { IncomingMessage } from 'node:http';
import { WebSocket } from 'ws';
import type { ClientOptions as WebSocketClientOptions } from 'ws';
import type { Clock } from '../base/clock.ts';
import { errorMessage } from '../base/errors.ts';
import type { IDisposable } from '../base/lifecycle.ts';
import { StreamCloseCode } from '../protocol/index.ts';
import type { Backoff } from './backoff.ts';
import { GatewayClientError, GatewayClientErrorCode, isTransientGatewayError } from './gatewayClientError.ts';
import { errorFromResponse } from './restRequest.ts';

/** Connection state of a stream subscription, reported on every change. */
export type StreamStatus = 'connected' | 'reconnecting' | 'closed';

export interface ReconnectingSocketOptions {
  /** Computed for every attempt, so it can carry the latest cursor. */
  url: () => string;
  headers: Record<string, string>;
  /** Transport options of the socket (e.g. the TLS CA). */
  socketOptions?: WebSocketClientOptions;
  /** Throwing here marks the message as a protocol error: the socket is dropped and reopened. */
  onMessage: (data: Buffer, isBinary: boolean) => void;
  onStatus?: (status: StreamStatus) => void;
  onError?: (error: GatewayClientError) => void;
  backoff: Backoff;
  clock: Clock;
  /** A connection that stayed open this long resets the backoff. */
  healthyAfterMs: number;
  description: string;
}

/**
 * A WebSocket that reopens itself with backoff until disposed. Errors that retrying cannot fix
 * (unauthorized, not found, bad cursor) end it with status `closed`.
 */
export class ReconnectingSocket implements IDisposable {
  private readonly options: ReconnectingSocketOptions;
  private socket: WebSocket | undefined;
  private retryTimer: IDisposable | undefined;
  private status: StreamStatus | undefined;
  private failure: GatewayClientError | undefined;
  private openedAt: number | undefined;
  private disposed = false;

  constructor(options: ReconnectingSocketOptions) {
    this.options = options;
    this.connect();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.retryTimer?.dispose();
    this.socket?.terminate();
    this.socket = undefined;
    this.setStatus('closed');
  }

  private connect(): void {
    this.retryTimer = undefined;
    this.failure = undefined;
    this.openedAt = undefined;
    let socket: WebSocket;
    try {
      socket = new WebSocket(this.options.url(), { ...this.options.socketOptions, headers: this.options.headers, perMessageDeflate: false, handshakeTimeout: 10_000 });
    } catch (error) {
      // A URL ws cannot use will not get better by retrying.
      this.options.onError?.(new GatewayClientError('invalid_stream_url', `cannot open a stream to ${this.options.description}: ${errorMessage(error)}`, { cause: error }));
      this.disposed = true;
      this.setStatus('closed');
      return;
    }
    this.socket = socket;
    socket.on('open', () => {
      this.openedAt = this.options.clock.now();
      this.setStatus('connected');
    });
    socket.on('message', (data, isBinary) => this.receive(socket, data as Buffer, isBinary));
    socket.on('unexpected-response', (_request, response) => this.rejected(socket, response));
    socket.on('error', (error) => {
      this.failure ??= new GatewayClientError(GatewayClientErrorCode.unreachable, `cannot stream from ${this.options.description} (${error.message}); is the OpenSymphony host running?`, { cause: error });
    });
    socket.on('close', (code) => this.closed(socket, code));
  }

  private receive(socket: WebSocket, data: Buffer, isBinary: boolean): void {
    if (socket !== this.socket) return;
    try {
      this.options.onMessage(data, isBinary);
    } catch (error) {
      this.failure = error instanceof GatewayClientError ? error : new GatewayClientError(GatewayClientErrorCode.invalidResponse, `bad stream message: ${errorMessage(error)}`, { cause: error });
      socket.terminate();
    }
  }

  /** The gateway refused the upgrade with an HTTP error; read its envelope, then drop the socket. */
  private rejected(socket: WebSocket, response: IncomingMessage): void {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.once('end', () => {
      this.failure = errorFromResponse(response.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'));
      socket.terminate();
    });
    response.once('error', () => socket.terminate());
  }

  private closed(socket: WebSocket, code: number): void {
    if (socket !== this.socket || this.disposed) return;
    this.socket = undefined;
    const failure = this.failure;
    if (failure) this.options.onError?.(failure);
    if (failure && !isTransientGatewayError(failure) && failure.code !== GatewayClientErrorCode.invalidResponse) {
      this.disposed = true;
      this.setStatus('closed');
      return;
    }
    const healthy = this.openedAt !== undefined && this.options.clock.now() - this.openedAt >= this.options.healthyAfterMs;
    if (healthy || code === StreamCloseCode.resync) this.options.backoff.reset();
    const wait = code === StreamCloseCode.resync ? 0 : this.options.backoff.next();
    this.setStatus('reconnecting');
    this.retryTimer = this.options.clock.setTimeout(() => this.connect(), wait);
  }

  private setStatus(status: StreamStatus): void {
    if (status === this.status) return;
    this.status = status;
    this.options.onStatus?.(status);
  }
}
