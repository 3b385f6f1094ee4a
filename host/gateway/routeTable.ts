import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebSocket } from 'ws';
import type { IDisposable } from '../base/lifecycle.ts';
import { GatewayError } from './gatewayError.ts';
import type { Role } from './roles.ts';
import type { Principal } from './tokenRegistry.ts';

/** What an HTTP handler gets: the request, its parsed URL, the path parameters and the caller. */
export interface HttpRouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: Readonly<Record<string, string>>;
  principal: Principal;
  /**
   * Hands the open response to a long-lived session (an SSE stream): the gateway beats its
   * heartbeat, and disposes it when the response closes or the gateway shuts down.
   */
  keepOpen(session: OpenResponseSession): void;
}

/** A response kept open after its handler returned. */
export interface OpenResponseSession extends IDisposable {
  /** Writes something harmless, so idle proxies do not cut the response. */
  heartbeat(): void;
}

/** What a WebSocket route gets before the upgrade is accepted. */
export interface UpgradeRouteContext {
  req: IncomingMessage;
  url: URL;
  params: Readonly<Record<string, string>>;
  principal: Principal;
}

export type HttpHandler = (context: HttpRouteContext) => Promise<void> | void;

/**
 * Validates an upgrade request (throw a GatewayError to refuse it with an HTTP error) and returns
 * the session to start on the accepted socket; the server disposes it when the socket closes.
 */
export type UpgradeHandler = (context: UpgradeRouteContext) => (socket: WebSocket) => IDisposable;

/** One method of a path: the least role that may call it, and its handler. */
export interface HttpEndpoint {
  role: Role;
  handle: HttpHandler;
}

/** A WebSocket stream: the least role that may attach, and how the stream starts. */
export interface StreamEndpoint {
  role: Role;
  attach: UpgradeHandler;
}

/** One path of the gateway: HTTP endpoints by method, and/or a WebSocket stream. */
export interface Route {
  /** Literal segments and `{name}` parameters, e.g. `/api/v1/streams/terminal/{stream_id}`. */
  pattern: string;
  /**
   * Endpoints by method. Declare the role (`{ role, handle }`); a bare handler is a transitional
   * shorthand that takes the safe default of `defaultRoleOf(method)`.
   */
  http?: Readonly<Record<string, HttpEndpoint | HttpHandler>>;
  websocket?: StreamEndpoint;
}

/** The role an undeclared endpoint requires: reads are for viewers, anything else for admins only. */
export function defaultRoleOf(method: string): Role {
  return method === 'GET' || method === 'HEAD' ? 'viewer' : 'admin';
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
  /** The route's HTTP endpoints with their roles resolved. */
  http: ReadonlyMap<string, HttpEndpoint>;
}

/** One callable endpoint, for listings (`WEBSOCKET` stands for the stream attach). */
export interface EndpointDescription {
  pattern: string;
  method: string;
  role: Role;
}

interface CompiledRoute {
  route: Route;
  regex: RegExp;
  names: string[];
  http: ReadonlyMap<string, HttpEndpoint>;
}

/** Finds the route of a path; 404 when none, 405 (with `Allow`) for a known path and wrong method. */
export class RouteTable {
  private readonly compiled: CompiledRoute[];

  constructor(routes: readonly Route[]) {
    this.compiled = routes.map(compile);
  }

  match(pathname: string): RouteMatch {
    for (const { route, regex, names, http } of this.compiled) {
      const found = regex.exec(pathname);
      if (!found) continue;
      const params: Record<string, string> = {};
      names.forEach((name, index) => { params[name] = decodeParam(found[index + 1] ?? ''); });
      return { route, params, http };
    }
    throw new GatewayError('not_found', `no such endpoint: ${pathname}; see GET /api/v1/capabilities for what this host serves`);
  }

  httpEndpoint(match: RouteMatch, method: string, pathname: string): HttpEndpoint {
    const endpoint = match.http.get(method);
    if (endpoint) return endpoint;
    const allowed = [...match.http.keys()];
    if (allowed.length === 0) {
      throw new GatewayError('invalid_request', `${pathname} is a WebSocket stream; connect with a WebSocket upgrade`);
    }
    throw new GatewayError('method_not_allowed', `${method} is not allowed on ${pathname}; use ${allowed.join(' or ')}`, {
      headers: { allow: allowed.join(', ') },
    });
  }

  streamEndpoint(match: RouteMatch, pathname: string): StreamEndpoint {
    if (match.route.websocket) return match.route.websocket;
    throw new GatewayError('not_found', `${pathname} is not a WebSocket stream; call it over plain HTTP`);
  }

  /** Every endpoint with its required role, in table order. */
  endpoints(): EndpointDescription[] {
    return this.compiled.flatMap(({ route, http }) => [
      ...[...http].map(([method, endpoint]) => ({ pattern: route.pattern, method, role: endpoint.role })),
      ...(route.websocket ? [{ pattern: route.pattern, method: 'WEBSOCKET', role: route.websocket.role }] : []),
    ]);
  }
}

function compile(route: Route): CompiledRoute {
  const names: string[] = [];
  const source = route.pattern
    .split('/')
    .map((segment) => {
      const parameter = /^\{(\w+)\}$/.exec(segment);
      if (!parameter) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      names.push(parameter[1] as string);
      return '([^/]+)';
    })
    .join('/');
  const http = new Map(Object.entries(route.http ?? {}).map(([method, endpoint]) => [
    method,
    typeof endpoint === 'function' ? { role: defaultRoleOf(method), handle: endpoint } : endpoint,
  ]));
  return { route, regex: new RegExp(`^${source}$`), names, http };
}

function decodeParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch (error) {
    throw new GatewayError('invalid_request', `path segment "${raw}" is not valid percent-encoding`, { cause: error });
  }
}
