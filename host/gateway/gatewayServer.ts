import type { IncomingMessage, ServerResponse } from 'node:http';
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
import { presentedToken, selectProtocol, UNAUTHORIZED_MESSAGE } from './bearerAuth.ts';
import type { GatewayBackend } from './gatewayBackend.ts';
import { GatewayError } from './gatewayError.ts';
import { openListener } from './gatewayListener.ts';
import type { GatewayListenOptions, ListenerInfo, OpenListener } from './gatewayListener.ts';
import { silentGatewayLog } from './gatewayLog.ts';
import type { GatewayLog } from './gatewayLog.ts';
import { DEFAULT_HEARTBEAT_INTERVAL_MS } from './heartbeat.ts';
import { rejectUpgrade, sendError } from './httpJson.ts';
import { DEFAULT_IDEMPOTENCY_CAPACITY, IdempotencyCache } from './idempotencyCache.ts';
import type { ListenerPolicy } from './listenerPolicy.ts';
import { readRoutes } from './readRoutes.ts';
import { DEFAULT_MAX_BODY_BYTES } from './requestBody.ts';
import { requireRole } from './roles.ts';
import { RouteTable } from './routeTable.ts';
import type { EndpointDescription, OpenResponseSession } from './routeTable.ts';
import { StreamBroker } from './streamBroker.ts';
import type { StreamsHealth } from './streamBroker.ts';
import { runRoutes } from './runRoutes.ts';
import { planningStreamRoutes } from './planningStreamRoutes.ts';
import { runStreamRoutes } from './runStreamRoutes.ts';
import { streamRoutes } from './streamRoutes.ts';
import { taskGraphDetailRoutes } from './taskGraphDetailRoutes.ts';
import { taskGraphRoutes } from './taskGraphRoutes.ts';
import { createTokenRegistry, grantForToken } from './tokenRegistry.ts';
import type { Identified, Principal, TokenGrant, TokenRegistry } from './tokenRegistry.ts';

/** Tunables; the defaults suit a local host. */
export interface GatewayLimits {
  maxBodyBytes: number;
  idempotencyCapacity: number;
  /** Journal items per replay page on streams. */
  streamPageSize: number;
  /** Bytes queued for one live stream subscriber before it is told to resync. */
  maxStreamBufferedBytes: number;
  heartbeatIntervalMs: number;
  /** How long `close()` waits for stream clients to finish the close handshake. */
  closeGraceMs: number;
}

export const DEFAULT_GATEWAY_LIMITS: GatewayLimits = {
  maxBodyBytes: DEFAULT_MAX_BODY_BYTES,
  idempotencyCapacity: DEFAULT_IDEMPOTENCY_CAPACITY,
  streamPageSize: 2000,
  maxStreamBufferedBytes: 8 * 1024 * 1024,
  heartbeatIntervalMs: DEFAULT_HEARTBEAT_INTERVAL_MS,
  closeGraceMs: 2000,
};

/** The principal of the single local token (`token`). */
export const LOCAL_ADMIN: Principal = { name: 'local', role: 'admin' };

export interface GatewayServerOptions {
  journal: EventJournal;
  backend: GatewayBackend;
  /** The local token file's token; it grants `admin` as `local`. */
  token?: string;
  /** More tokens with roles (hosted mode, from a tokens file). At least one token in all. */
  tokens?: readonly TokenGrant[];
  log?: GatewayLog;
  limits?: Partial<GatewayLimits>;
  /** Drives the heartbeat; tests substitute a manual clock. */
  clock?: Clock;
}

/**
 * What the gateway reports about itself, computed on each call. The composition root hands the
 * host backend a late-bound getter (the backend exists before the gateway), and the dashboard
 * snapshot carries it as its `gateway` field.
 */
export interface GatewayHealth {
  listeners: ListenerInfo[];
  streams: StreamsHealth;
}

/** The host's HTTP + WebSocket gateway: one route table served on every listener. */
export interface GatewayServer {
  /**
   * Adds a listener: the local socket (0600; fails with `socket_in_use` if a live host owns it) or
   * TCP (loopback, or TLS / `allowInsecureRemote` for other addresses). Resolves with where it serves.
   */
  listen(options: GatewayListenOptions): Promise<ListenerInfo>;
  /** Listeners and per-stream health (subscribers, lag, resyncs), computed now. */
  health(): GatewayHealth;
  /** Every endpoint with the role it requires. */
  endpoints(): EndpointDescription[];
  /**
   * Replaces the tokens-file grants (the local token stays): later requests see only the new set,
   * and streams opened with a token no longer granted are closed (WebSocket close 4001, SSE ends).
   * Throws, changing nothing, when the set is invalid (duplicate token, no token at all).
   */
  replaceTokens(tokens: readonly TokenGrant[]): void;
  /** Stops every listener, closes streams (1001) and connections; resolves when everything is closed. */
  close(): Promise<void>;
}

export function createGatewayServer(options: GatewayServerOptions): GatewayServer {
  return new NodeGatewayServer(options);
}

class NodeGatewayServer implements GatewayServer {
  private readonly localGrant: TokenGrant[];
  private tokens: TokenRegistry;
  private readonly log: GatewayLog;
  private readonly limits: GatewayLimits;
  private readonly routes: RouteTable;
  private readonly wss: WebSocketServer;
  private readonly broker: StreamBroker;
  private readonly listeners: OpenListener[] = [];
  private closing: Promise<void> | undefined;

  constructor(options: GatewayServerOptions) {
    this.localGrant = options.token === undefined ? [] : [grantForToken(options.token, LOCAL_ADMIN)];
    this.tokens = createTokenRegistry([...this.localGrant, ...(options.tokens ?? [])]);
    this.log = options.log ?? silentGatewayLog;
    this.limits = { ...DEFAULT_GATEWAY_LIMITS, ...options.limits };
    this.broker = new StreamBroker({
      options: { pageSize: this.limits.streamPageSize, maxBufferedBytes: this.limits.maxStreamBufferedBytes },
      log: this.log,
      clock: options.clock ?? systemClock,
      heartbeatIntervalMs: this.limits.heartbeatIntervalMs,
    });
    const { journal, backend } = options;
    this.routes = new RouteTable([
      ...readRoutes({ journal, backend }),
      ...taskGraphRoutes({ backend }),
      ...taskGraphDetailRoutes({ backend }),
      ...runRoutes({ journal, backend }),
      ...actionRoutes({ backend, receipts: new IdempotencyCache<ActionReceipt>(this.limits.idempotencyCapacity), maxBodyBytes: this.limits.maxBodyBytes }),
      ...streamRoutes({ journal, broker: this.broker }),
      ...runStreamRoutes({ journal, broker: this.broker, backend }),
      ...planningStreamRoutes({ journal, broker: this.broker }),
    ]);
    this.wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024, handleProtocols: (offered) => selectProtocol(offered) });
  }

  async listen(options: GatewayListenOptions): Promise<ListenerInfo> {
    if (this.closing) throw closedError();
    const listener = await openListener(options, {
      request: (policy, req, res) => { void this.handleRequest(policy, req, res); },
      upgrade: (policy, req, socket, head) => this.handleUpgrade(policy, req, socket, head),
    });
    if (this.closing) {
      // close() ran while this listener was binding: it must not outlive the gateway.
      await new Promise<void>((resolve) => listener.server.close(() => resolve()));
      throw closedError();
    }
    // Only a listening gateway owns a heartbeat timer; it starts before the first connection can.
    this.broker.start();
    this.listeners.push(listener);
    this.log.info('gateway listening', { ...listener.info });
    return listener.info;
  }

  health(): GatewayHealth {
    return { listeners: this.listeners.map((listener) => listener.info), streams: this.broker.health() };
  }

  endpoints(): EndpointDescription[] {
    return this.routes.endpoints();
  }

  replaceTokens(tokens: readonly TokenGrant[]): void {
    this.tokens = createTokenRegistry([...this.localGrant, ...tokens]);
    const registry = this.tokens;
    const revoked = this.broker.revokeStreams((grantKey) => registry.hasGrant(grantKey));
    this.log.info('gateway tokens replaced', { tokens: registry.size, streams_closed: revoked });
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async handleRequest(policy: ListenerPolicy, req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      policy.admit(req.headers);
      const { principal, grantKey } = this.authenticate(req, false);
      const url = requestUrl(req);
      const method = req.method ?? 'GET';
      const match = this.routes.match(url.pathname);
      const endpoint = this.routes.httpEndpoint(match, method, url.pathname);
      requireRole(principal, endpoint.role, `${method} ${match.route.pattern}`);
      await endpoint.handle({ req, res, url, params: match.params, principal, keepOpen: (session) => this.keepOpen(res, session, grantKey) });
    } catch (error) {
      sendError(res, this.toGatewayError(error, req));
    }
  }

  private handleUpgrade(policy: ListenerPolicy, req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', (error) => this.log.warn('upgrade socket error', { error: error.message }));
    let start: (socket: WebSocket) => IDisposable;
    let grantKey: string;
    try {
      if (this.closing) throw new GatewayError('unavailable', 'the host is shutting down; reconnect with backoff');
      policy.admit(req.headers);
      const identified = this.authenticate(req, true);
      const principal = identified.principal;
      grantKey = identified.grantKey;
      const url = requestUrl(req);
      const match = this.routes.match(url.pathname);
      const endpoint = this.routes.streamEndpoint(match, url.pathname);
      requireRole(principal, endpoint.role, `the stream ${match.route.pattern}`);
      start = endpoint.attach({ req, url, params: match.params, principal });
    } catch (error) {
      rejectUpgrade(socket, this.toGatewayError(error, req));
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.adopt(ws, start, grantKey));
  }

  /** Hands an accepted stream socket to the broker, unless the gateway began shutting down meanwhile. */
  private adopt(ws: WebSocket, start: (socket: WebSocket) => IDisposable, grantKey: string): void {
    ws.on('error', (error) => this.log.warn('stream socket error', { error: error.message }));
    if (this.closing) {
      ws.close(StreamCloseCode.goingAway, 'host shutting down');
      return;
    }
    // The token may have been revoked while the handshake completed.
    if (!this.tokens.hasGrant(grantKey)) {
      ws.close(StreamCloseCode.revoked, 'token revoked');
      return;
    }
    this.broker.adoptWebSocket(ws, start, grantKey);
  }

  private keepOpen(res: ServerResponse, session: OpenResponseSession, grantKey: string): void {
    if (this.closing) session.dispose();
    else this.broker.adoptResponse(res, session, grantKey);
  }

  private authenticate(req: IncomingMessage, upgrade: boolean): Identified {
    const token = presentedToken(req.headers, { upgrade });
    const identified = token === undefined ? undefined : this.tokens.identify(token);
    if (identified) return identified;
    throw new GatewayError('unauthorized', UNAUTHORIZED_MESSAGE, { headers: { 'www-authenticate': 'Bearer' } });
  }

  private toGatewayError(error: unknown, req: IncomingMessage): GatewayError {
    const where = { method: req.method, path: (req.url ?? '/').split('?')[0] };
    if (error instanceof GatewayError) {
      if (error.code === 'unauthorized') this.log.warn('rejected an unauthenticated request', where);
      if (error.code === 'forbidden') this.log.warn('refused a forbidden request', { ...where, reason: error.message });
      return error;
    }
    this.log.error('gateway request failed', { ...where, error: errorMessage(error) });
    return new GatewayError('internal', `the host failed while handling ${where.method} ${where.path}; see the host log`, { cause: error });
  }

  private async shutdown(): Promise<void> {
    const servers = this.listeners.map((listener) => listener.server);
    const closed = servers.map((server) => new Promise<void>((resolve) => server.close(() => resolve())));
    this.broker.dispose();
    await this.closeStreamSockets();
    this.wss.close();
    for (const server of servers) server.closeAllConnections();
    await Promise.all(closed);
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

function closedError(): CodedError {
  return new CodedError('gateway_closed', 'this gateway server was closed; create a new one');
}

function requestUrl(req: IncomingMessage): URL {
  try {
    return new URL(req.url ?? '/', 'http://gateway.invalid');
  } catch (error) {
    throw new GatewayError('invalid_request', 'the request target is not a valid URL path', { cause: error });
  }
}
