import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { systemClock } from '../base/clock.ts';
import type { Clock } from '../base/clock.ts';
import { CodedError, errorMessage } from '../base/errors.ts';
import type { IDisposable } from '../base/lifecycle.ts';
import type { EventJournal } from '../journal/eventJournal.ts';
import type { ActionReceipt } from '../protocol/index.ts';
import { StreamCloseCode } from '../protocol/index.ts';
import { actionRoutes } from './actionRoutes.ts';
import { createBearerAuth, UNAUTHORIZED_MESSAGE } from './bearerAuth.ts';
import type { BearerAuth } from './bearerAuth.ts';
import type { GatewayBackend } from './gatewayBackend.ts';
import { GatewayError } from './gatewayError.ts';
import { silentGatewayLog } from './gatewayLog.ts';
import type { GatewayLog } from './gatewayLog.ts';
import { DEFAULT_HEARTBEAT_INTERVAL_MS, Heartbeat } from './heartbeat.ts';
import { rejectUpgrade, sendError } from './httpJson.ts';
import { DEFAULT_IDEMPOTENCY_CAPACITY, IdempotencyCache } from './idempotencyCache.ts';
import { readRoutes } from './readRoutes.ts';
import { DEFAULT_MAX_BODY_BYTES } from './requestBody.ts';
import { RouteTable } from './routeTable.ts';
import { streamRoutes } from './streamRoutes.ts';
import { listenOnUnixSocket } from './unixSocketListener.ts';

/** Tunables; the defaults suit a local host. */
export interface GatewayLimits {
  maxBodyBytes: number;
  idempotencyCapacity: number;
  /** Journal items per replay page on streams. */
  streamPageSize: number;
  /** Bytes queued for one live stream client before it is told to resync. */
  maxStreamBufferedBytes: number;
  heartbeatIntervalMs: number;
  /** How long `close()` waits for stream clients to finish the close handshake. */
  closeGraceMs: number;
}

export const DEFAULT_GATEWAY_LIMITS: GatewayLimits = {
  maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
  idempotencyCapacity: DEFAULT_IDEMPOTENCY_CAPACITY,
  streamPageSize: 500,
  maxStreamBufferedBytes: 8 * 1024 * 1024,
  heartbeatIntervalMs: DEFAULT_HEARTBEAT_INTERVAL_MS,
  closeGraceMs: 2000,
};

export interface GatewayServerOptions {
  journal: EventJournal;
  backend: GatewayBackend;
  /** Bearer token every request and upgrade must present. */
  token: string;
  log?: GatewayLog;
  limits?: Partial<GatewayLimits>;
  /** Drives the heartbeat; tests substitute a manual clock. */
  clock?: Clock;
}

/** The host's HTTP + WebSocket gateway. */
export interface GatewayServer {
  /** Starts serving on a Unix domain socket (mode 0600); fails with `socket_in_use` if a live host owns it. */
  listen(options: { socketPath: string }): Promise<void>;
  /** Stops accepting, closes streams (1001) and connections; resolves when everything is closed. */
  close(): Promise<void>;
}

export function createGatewayServer(options: GatewayServerOptions): GatewayServer {
  return new NodeGatewayServer(options);
}

class NodeGatewayServer implements GatewayServer {
  private readonly auth: BearerAuth;
  private readonly log: GatewayLog;
  private readonly limits: GatewayLimits;
  private readonly routes: RouteTable;
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly clock: Clock;
  private heartbeat: Heartbeat | undefined;
  private readonly sessions = new Set<IDisposable>();
  private closing: Promise<void> | undefined;

  constructor(options: GatewayServerOptions) {
    this.auth = createBearerAuth(options.token);
    this.log = options.log ?? silentGatewayLog;
    this.limits = { ...DEFAULT_GATEWAY_LIMITS, ...options.limits };
    const { journal, backend } = options;
    this.routes = new RouteTable([
      ...readRoutes({ journal, backend }),
      ...actionRoutes({ backend, receipts: new IdempotencyCache<ActionReceipt>(this.limits.idempotencyCapacity), maxBodyBytes: this.limits.maxBodyBytes }),
      ...streamRoutes({ journal, options: this.streamOptions(), log: this.log }),
    ]);
    this.http = createServer((req, res) => { void this.handleRequest(req, res); });
    this.http.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => this.handleUpgrade(req, socket, head));
    this.wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
    this.clock = options.clock ?? systemClock;
  }

  async listen({ socketPath }: { socketPath: string }): Promise<void> {
    if (this.closing) throw new CodedError('gateway_closed', 'this gateway server was closed; create a new one');
    // Only a listening server owns a heartbeat timer; it starts before the first connection can.
    this.heartbeat ??= new Heartbeat(this.limits.heartbeatIntervalMs, this.clock);
    try {
      await listenOnUnixSocket(this.http, socketPath);
    } catch (error) {
      this.heartbeat.dispose();
      this.heartbeat = undefined;
      throw error;
    }
    this.log.info('gateway listening', { socketPath });
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private streamOptions(): { pageSize: number; maxBufferedBytes: number } {
    return { pageSize: this.limits.streamPageSize, maxBufferedBytes: this.limits.maxStreamBufferedBytes };
  }

  private async handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      this.authorize(req);
      const url = requestUrl(req);
      const match = this.routes.match(url.pathname);
      const handler = this.routes.httpHandler(match, req.method ?? 'GET', url.pathname);
      await handler({ req, res, url, params: match.params });
    } catch (error) {
      sendError(res, this.toGatewayError(error, req));
    }
  }

  private handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', (error) => this.log.warn('upgrade socket error', { error: error.message }));
    let start: (socket: WebSocket) => IDisposable;
    try {
      if (this.closing) throw new GatewayError('unavailable', 'the host is shutting down; reconnect with backoff');
      this.authorize(req);
      const url = requestUrl(req);
      const match = this.routes.match(url.pathname);
      start = this.routes.upgradeHandler(match, url.pathname)({ req, url, params: match.params });
    } catch (error) {
      rejectUpgrade(socket, this.toGatewayError(error, req));
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.adopt(ws, start));
  }

  /** Owns an accepted stream socket: heartbeat, session, and cleanup on close. */
  private adopt(ws: WebSocket, start: (socket: WebSocket) => IDisposable): void {
    ws.on('error', (error) => this.log.warn('stream socket error', { error: error.message }));
    if (this.closing) {
      // The upgrade completed while the gateway was shutting down: start nothing that would outlive it.
      ws.close(StreamCloseCode.goingAway, 'host shutting down');
      return;
    }
    this.heartbeat?.track(ws);
    const session = start(ws);
    this.sessions.add(session);
    ws.once('close', () => {
      this.sessions.delete(session);
      session.dispose();
    });
  }

  private authorize(req: IncomingMessage): void {
    if (this.auth.isAuthorized(req.headers)) return;
    throw new GatewayError('unauthorized', UNAUTHORIZED_MESSAGE, { headers: { 'www-authenticate': 'Bearer' } });
  }

  private toGatewayError(error: unknown, req: IncomingMessage): GatewayError {
    const where = { method: req.method, path: (req.url ?? '/').split('?')[0] };
    if (error instanceof GatewayError) {
      if (error.code === 'unauthorized') this.log.warn('rejected an unauthenticated request', where);
      return error;
    }
    this.log.error('gateway request failed', { ...where, error: errorMessage(error) });
    return new GatewayError('internal', `the host failed while handling ${where.method} ${where.path}; see the host log`, { cause: error });
  }

  private async shutdown(): Promise<void> {
    this.heartbeat?.dispose();
    for (const session of this.sessions) session.dispose();
    this.sessions.clear();
    const httpClosed = new Promise<void>((resolve) => this.http.close(() => resolve()));
    await this.closeStreamSockets();
    this.wss.close();
    this.http.closeAllConnections();
    await httpClosed;
  }

  /** Sends 1001 to every stream client; terminates those that do not finish within the grace period. */
  private async closeStreamSockets(): Promise<void> {
    const sockets = [...this.wss.clients];
    const closed = sockets.map((ws) => new Promise<void>((resolve) => {
      if (ws.readyState === ws.CLOSED) resolve();
      else ws.once('close', () => resolve());
    }));
    for (const ws of sockets) ws.close(StreamCloseCode.goingAway, 'host shutting down');
    const grace = setTimeout(() => { for (const ws of sockets) ws.terminate(); }, this.limits.closeGraceMs);
    await Promise.all(closed);
    clearTimeout(grace);
  }
}

function requestUrl(req: IncomingMessage): URL {
  try {
    return new URL(req.url ?? '/', 'http://gateway.invalid');
  } catch (error) {
    throw new GatewayError('invalid_request', 'the request target is not a valid URL path', { cause: error });
  }
}
