import type { ServerResponse } from 'node:http';
import type { WebSocket } from 'ws';
import type { Clock } from '../base/clock.ts';
import type { IDisposable } from '../base/lifecycle.ts';
import { StreamCloseCode } from '../protocol/index.ts';
import { CursorStream } from './cursorStream.ts';
import type { CursorSource, CursorStreamOptions } from './cursorStream.ts';
import type { GatewayLog } from './gatewayLog.ts';
import type { OpenResponseSession } from './routeTable.ts';
import { Heartbeat } from './heartbeat.ts';
import type { StreamSink } from './streamSink.ts';

/** The gateway's stream kinds. */
export type StreamKind = 'events' | 'runs' | 'terminal' | 'planning';
export type StreamTransport = 'websocket' | 'sse';

/** Health of one stream kind, summed over its subscribers. */
export interface StreamHealth {
  subscribers: number;
  by_transport: Record<StreamTransport, number>;
  /** The furthest any subscriber is behind its stream's head, in items (events or chunks; journal seqs for run and planning streams). */
  max_lag: number;
  /** Sum of every subscriber's lag. */
  total_lag: number;
  /** Subscribers told to resync since the gateway started. */
  resyncs: number;
}

export type StreamsHealth = Record<StreamKind, StreamHealth>;

interface Subscriber {
  kind: StreamKind;
  transport: StreamTransport;
}

/**
 * Owns every live stream: opens cursor streams (bounded queue, resync on overflow), keeps their
 * connections alive (WebSocket ping, SSE comment), disposes them with their connection or on
 * shutdown, and reports their health.
 */
export class StreamBroker implements IDisposable {
  private readonly options: CursorStreamOptions;
  private readonly log: GatewayLog;
  private readonly clock: Clock;
  private readonly heartbeatIntervalMs: number;
  private readonly subscribers = new Map<CursorStream<unknown>, Subscriber>();
  /** Open stream connections, each with the grant key of the token that opened it and how to end it. */
  private readonly sessions = new Map<IDisposable, { grantKey: string; revoke: () => void }>();
  private readonly resyncs: Record<StreamKind, number> = { events: 0, runs: 0, terminal: 0, planning: 0 };
  private heartbeat: Heartbeat | undefined;

  constructor(init: { options: CursorStreamOptions; log: GatewayLog; clock: Clock; heartbeatIntervalMs: number }) {
    this.options = init.options;
    this.log = init.log;
    this.clock = init.clock;
    this.heartbeatIntervalMs = init.heartbeatIntervalMs;
  }

  /** Starts the heartbeat; only a listening gateway owns a timer. */
  start(): void {
    this.heartbeat ??= new Heartbeat(this.heartbeatIntervalMs, this.clock);
  }

  /** Replays `source` after `cursor` into `sink`, then live; counted in `health()` until it stops. */
  openStream<T>(kind: StreamKind, transport: StreamTransport, init: { sink: StreamSink<T>; source: CursorSource<T>; cursor: number }): IDisposable {
    const stream: CursorStream<T> = new CursorStream<T>({
      ...init,
      options: this.options,
      log: this.log,
      onResync: () => { this.resyncs[kind]++; },
      onDispose: () => { this.subscribers.delete(stream as CursorStream<unknown>); },
    });
    this.subscribers.set(stream as CursorStream<unknown>, { kind, transport });
    return stream;
  }

  /** Owns an accepted stream socket, opened with the token of `grantKey`: heartbeat, its session, and cleanup on close. */
  adoptWebSocket(ws: WebSocket, start: (socket: WebSocket) => IDisposable, grantKey: string): void {
    this.heartbeat?.track(ws);
    const revoke = (): void => ws.close(StreamCloseCode.revoked, 'token revoked');
    this.own(start(ws), { grantKey, revoke }, (dispose) => ws.once('close', dispose));
  }

  /** Owns an open SSE response, opened with the token of `grantKey`: heartbeat comments, its session, and cleanup when it closes. */
  adoptResponse(res: ServerResponse, session: OpenResponseSession, grantKey: string): void {
    const beats = this.heartbeat?.onDidBeat(() => session.heartbeat());
    const owned = { dispose: () => { beats?.dispose(); session.dispose(); } };
    this.own(owned, { grantKey, revoke: () => owned.dispose() }, (dispose) => res.once('close', dispose));
  }

  /** Ends every stream opened with a token that `stillGranted` no longer accepts; returns how many. */
  revokeStreams(stillGranted: (grantKey: string) => boolean): number {
    let revoked = 0;
    for (const [, owner] of this.sessions) {
      if (stillGranted(owner.grantKey)) continue;
      owner.revoke();
      revoked++;
    }
    return revoked;
  }

  health(): StreamsHealth {
    const health: StreamsHealth = {
      events: emptyHealth(this.resyncs.events),
      runs: emptyHealth(this.resyncs.runs),
      terminal: emptyHealth(this.resyncs.terminal),
      planning: emptyHealth(this.resyncs.planning),
    };
    for (const [stream, { kind, transport }] of this.subscribers) {
      const entry = health[kind];
      const lag = stream.lag();
      entry.subscribers++;
      entry.by_transport[transport]++;
      entry.max_lag = Math.max(entry.max_lag, lag);
      entry.total_lag += lag;
    }
    return health;
  }

  /** Disposes every session and stops the heartbeat. */
  dispose(): void {
    this.heartbeat?.dispose();
    this.heartbeat = undefined;
    for (const session of this.sessions.keys()) session.dispose();
    this.sessions.clear();
  }

  private own(session: IDisposable, owner: { grantKey: string; revoke: () => void }, onClose: (dispose: () => void) => void): void {
    this.sessions.set(session, owner);
    onClose(() => {
      this.sessions.delete(session);
      session.dispose();
    });
  }
}

function emptyHealth(resyncs: number): StreamHealth {
  return { subscribers: 0, by_transport: { websocket: 0, sse: 0 }, max_lag: 0, total_lag: 0, resyncs };
}
