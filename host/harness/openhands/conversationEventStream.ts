import type { Clock } from '../../base/clock.ts';
import { errorMessage } from '../../base/errors.ts';
import type { IDisposable } from '../../base/lifecycle.ts';
import { Backoff } from '../../client/backoff.ts';
import type { BackoffOptions } from '../../client/backoff.ts';
import { truncateText } from '../codex/compactPayload.ts';
import type { AgentServerClient } from './agentServerClient.ts';
import { EventSocket } from './eventSocket.ts';
import { isFatalStreamError, OpenHandsError, OpenHandsErrorCodes } from './openHandsErrors.ts';
import type { WireEvent } from './openHandsWire.ts';

/** A9: 1 s doubling to 30 s, reset after a connection got ready. No jitter: one client per conversation. */
export const DEFAULT_RECONNECT_BACKOFF: BackoffOptions = { initialMs: 1_000, maxMs: 30_000, factor: 2, jitter: 0 };
/** How far before the newest event we already read a catch-up starts, in case the log grew out of order. */
const CATCH_UP_OVERLAP = 20;

export interface ConversationEventStreamOptions {
  client: AgentServerClient;
  conversationId: string;
  clock: Clock;
  /** Readiness barrier per connection: the first state frame must arrive within this (A9 uses 30 s). */
  readyTimeoutMs: number;
  reconnect: BackoffOptions;
  /** Every event exactly once (deduplicated by id); gaps are filled before later live frames. */
  onEvent(event: WireEvent): void;
  /** A failure the stream recovers from by itself (a dropped socket, a malformed frame), for the record. */
  onProblem(problem: OpenHandsError): void;
  /** The stream stopped for good: the key was refused or the conversation is gone. */
  onFatal(error: OpenHandsError): void;
  /** Resume after this event id: it and the events before it were delivered in an earlier session. */
  cursor?: string | null;
}

/** Figures for tests and diagnostics. */
export interface EventStreamStats {
  connections: number;
  reconnects: number;
  catchUps: number;
  delivered: number;
  /** Events first seen in a REST read: what the socket missed (the initial sync included). */
  deliveredFromRest: number;
  duplicatesDropped: number;
}

/**
 * The conversation's events, none lost and none twice: a REST sync, then the WebSocket. Every
 * connection must pass the readiness barrier, and after EVERY ready (the first and each reconnect)
 * the log is read back over REST while live frames wait, so what the socket missed comes first.
 * This closes the reference client's gap (A9: it reconnects without any catch-up).
 */
export class ConversationEventStream implements IDisposable {
  readonly stats: EventStreamStats = { connections: 0, reconnects: 0, catchUps: 0, delivered: 0, deliveredFromRest: 0, duplicatesDropped: 0 };
  private readonly options: ConversationEventStreamOptions;
  private readonly seen = new Set<string>();
  /** Ids in the order the REST log returned them: the contiguous prefix we have read. */
  private readonly restOrder: string[] = [];
  private readonly restSeen = new Set<string>();
  private readonly reconnectBackoff: Backoff;
  private readonly catchUpBackoff: Backoff;
  private readonly lifetime = new AbortController();
  private readonly buffered: WireEvent[] = [];
  private socket: EventSocket | undefined;
  private readyTimer: IDisposable | undefined;
  private reconnectTimer: IDisposable | undefined;
  private catchUpRetryTimer: IDisposable | undefined;
  private catchUpLoop: Promise<void> | null = null;
  private catchUpWanted = false;
  private catchingUp = false;
  private firstReady: { resolve(): void; reject(error: OpenHandsError): void } | null = null;
  private disposed = false;

  constructor(options: ConversationEventStreamOptions) {
    this.options = options;
    this.reconnectBackoff = new Backoff(options.reconnect);
    this.catchUpBackoff = new Backoff(options.reconnect);
    if (options.cursor) {
      // The first catch-up then reads from the cursor (inclusive) on, and drops the cursor itself.
      this.seen.add(options.cursor);
      this.restSeen.add(options.cursor);
      this.restOrder.push(options.cursor);
    }
  }

  /** REST sync, first connection through the readiness barrier, then the post-ready catch-up. */
  async start(): Promise<void> {
    await this.catchUpOnce();
    const ready = new Promise<void>((resolve, reject) => { this.firstReady = { resolve, reject }; });
    const deadline = this.options.clock.setTimeout(() => this.settleFirstReady(new OpenHandsError(
      OpenHandsErrorCodes.socketNotReady,
      `the event socket of conversation ${this.options.conversationId} sent no state frame within ${this.options.readyTimeoutMs} ms`,
    )), this.options.readyTimeoutMs);
    this.connect();
    try {
      await ready;
    } finally {
      deadline.dispose();
    }
    await this.catchUpLoop;
  }

  /** Reads the log back over REST (e.g. when a frame could not be parsed); coalesces requests. */
  requestCatchUp(): void {
    if (this.disposed) return;
    this.catchUpWanted = true;
    this.catchingUp = true;
    this.catchUpRetryTimer?.dispose();
    this.catchUpLoop ??= this.runCatchUps();
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.lifetime.abort();
    this.readyTimer?.dispose();
    this.reconnectTimer?.dispose();
    this.catchUpRetryTimer?.dispose();
    this.socket?.dispose();
    this.socket = undefined;
    this.settleFirstReady(new OpenHandsError(OpenHandsErrorCodes.sessionDisposed, 'the event stream was closed before it was ready'));
  }

  private connect(): void {
    this.reconnectTimer = undefined;
    if (this.disposed) return;
    this.stats.connections++;
    const { client, conversationId } = this.options;
    const socket: EventSocket = new EventSocket(client.eventSocketUrl(conversationId), client.authHeaders(), {
      onReady: () => this.socketReady(socket),
      onEvent: (event) => this.liveEvent(socket, event),
      onMalformed: (error) => this.malformedFrame(socket, error),
      onClosed: (failure) => this.socketClosed(socket, failure),
    });
    this.socket = socket;
    this.readyTimer = this.options.clock.setTimeout(() => this.readyTimedOut(socket), this.options.readyTimeoutMs);
  }

  private socketReady(socket: EventSocket): void {
    if (socket !== this.socket) return;
    this.readyTimer?.dispose();
    this.reconnectBackoff.reset();
    // Set before the ready frame itself is handled, so it and everything after it wait for the catch-up.
    this.requestCatchUp();
    this.settleFirstReady(null);
  }

  private liveEvent(socket: EventSocket, event: WireEvent): void {
    if (socket !== this.socket) return;
    if (this.catchingUp || !socket.isReady) this.buffered.push(event);
    else this.deliver(event);
  }

  /** A frame that is not a JSON event: the server broke the contract, so the stream stops (`protocol_error`), the frame kept raw. */
  private malformedFrame(socket: EventSocket, error: OpenHandsError): void {
    if (socket !== this.socket) return;
    this.stop(new OpenHandsError(OpenHandsErrorCodes.protocolError, `${error.message}; the run stops rather than guess what it carried. The frame is kept raw.`, { raw: error.raw ?? undefined }));
  }

  private socketClosed(socket: EventSocket, failure: OpenHandsError | null): void {
    if (socket !== this.socket || this.disposed) return;
    this.socket = undefined;
    this.readyTimer?.dispose();
    if (failure && isFatalStreamError(failure)) {
      this.stop(failure);
      return;
    }
    this.options.onProblem(failure ?? new OpenHandsError(OpenHandsErrorCodes.socketClosed, 'the event socket closed; reconnecting and reading the gap back over REST'));
    this.scheduleReconnect();
  }

  private readyTimedOut(socket: EventSocket): void {
    if (socket !== this.socket) return;
    socket.dispose();
    this.socket = undefined;
    this.options.onProblem(new OpenHandsError(OpenHandsErrorCodes.socketNotReady, `the event socket sent no state frame within ${this.options.readyTimeoutMs} ms; reconnecting`));
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    this.stats.reconnects++;
    this.reconnectTimer = this.options.clock.setTimeout(() => this.connect(), this.reconnectBackoff.next());
  }

  private stop(error: OpenHandsError): void {
    this.settleFirstReady(error);
    this.dispose();
    this.options.onFatal(error);
  }

  private async runCatchUps(): Promise<void> {
    try {
      while (this.catchUpWanted && !this.disposed) {
        this.catchUpWanted = false;
        try {
          await this.catchUpOnce();
          this.catchUpBackoff.reset();
        } catch (error) {
          if (this.disposed) return;
          this.options.onProblem(new OpenHandsError(OpenHandsErrorCodes.catchUpFailed, `reading missed events back failed (${errorMessage(error)}); retrying`, { cause: error }));
          this.catchUpRetryTimer = this.options.clock.setTimeout(() => this.requestCatchUp(), this.catchUpBackoff.next());
          return;
        }
      }
    } finally {
      this.catchUpLoop = null;
      this.catchingUp = false;
      // Live frames are never held hostage: after a failed catch-up they flow, and the retry fills the gap.
      for (const event of this.buffered.splice(0)) this.deliver(event);
    }
  }

  private async catchUpOnce(): Promise<void> {
    this.stats.catchUps++;
    const from = this.restOrder.length ? this.restOrder[Math.max(0, this.restOrder.length - 1 - CATCH_UP_OVERLAP)] ?? null : null;
    for await (const page of this.options.client.eventPages(this.options.conversationId, from, this.lifetime.signal)) {
      const [malformed] = page.malformed;
      if (malformed !== undefined) {
        const raw = truncateText(JSON.stringify(malformed) ?? 'null', 4_000);
        this.stop(new OpenHandsError(OpenHandsErrorCodes.protocolError, 'the event log holds an item without kind, id or timestamp; the run stops. The item is kept raw.', { raw }));
        return;
      }
      for (const event of page.events) {
        if (!this.restSeen.has(event.id)) {
          this.restSeen.add(event.id);
          this.restOrder.push(event.id);
        }
        this.deliver(event, true);
      }
    }
  }

  private deliver(event: WireEvent, fromRest = false): void {
    if (this.disposed) return;
    if (this.seen.has(event.id)) {
      this.stats.duplicatesDropped++;
      return;
    }
    this.seen.add(event.id);
    this.stats.delivered++;
    if (fromRest) this.stats.deliveredFromRest++;
    try {
      this.options.onEvent(event);
    } catch (error) {
      this.options.onProblem(new OpenHandsError(OpenHandsErrorCodes.invalidResponse, `handling event ${event.kind} ${event.id} failed: ${errorMessage(error)}`, { cause: error }));
    }
  }

  private settleFirstReady(error: OpenHandsError | null): void {
    const waiter = this.firstReady;
    if (!waiter) return;
    this.firstReady = null;
    if (error) waiter.reject(error);
    else waiter.resolve();
  }
}
