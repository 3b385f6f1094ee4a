import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebSocket } from 'ws';
import type { IDisposable } from '../base/lifecycle.ts';
import { GatewayError } from './gatewayError.ts';

/** What an HTTP handler gets: the request, its parsed URL and the path parameters. */
export interface HttpRouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  url: URL;
  params: Readonly<Record<string, string>>;
}

/** What a WebSocket route gets before the upgrade is accepted. */
export interface UpgradeRouteContext {
  req: IncomingMessage;
  url: URL;
  params: Readonly<Record<string, string>>;
}

export type HttpHandler = (context: HttpRouteContext) => Promise<void> | void;

/**
 * Validates an upgrade request (throw a GatewayError to refuse it with an HTTP error) and returns
 * the session to start on the accepted socket; the server disposes it when the socket closes.
 */
export type UpgradeHandler = (context: UpgradeRouteContext) => (socket: WebSocket) => IDisposable;

/** One path of the gateway: HTTP handlers by method, and/or a WebSocket stream. */
export interface Route {
  /** Literal segments and `{name}` parameters, e.g. `/api/v1/streams/terminal/{stream_id}`. */
  pattern: string;
  http?: Readonly<Record<string, HttpHandler>>;
  websocket?: UpgradeHandler;
}

export interface RouteMatch {
  route: Route;
  params: Record<string, string>;
}

interface CompiledRoute {
  route: Route;
  regex: RegExp;
  names: string[];
}

/** Finds the route of a path; 404 when none, 405 (with `Allow`) for a known path and wrong method. */
export class RouteTable {
  private readonly compiled: CompiledRoute[];

  constructor(routes: readonly Route[]) {
    this.compiled = routes.map(compile);
  }

  match(pathname: string): RouteMatch {
    for (const { route, regex, names } of this.compiled) {
      const found = regex.exec(pathname);
      if (!found) continue;
      const params: Record<string, string> = {};
      names.forEach((name, index) => { params[name] = decodeParam(found[index + 1] ?? ''); });
      return { route, params };
    }
    throw new GatewayError('not_found', `no such endpoint: ${pathname}; see GET /api/v1/capabilities for what this host serves`);
  }

  httpHandler(match: RouteMatch, method: string, pathname: string): HttpHandler {
    const handler = match.route.http?.[method];
    if (handler) return handler;
    const allowed = Object.keys(match.route.http ?? {});
    if (allowed.length === 0) {
      throw new GatewayError('invalid_request', `${pathname} is a WebSocket stream; connect with a WebSocket upgrade`);
    }
    throw new GatewayError('method_not_allowed', `${method} is not allowed on ${pathname}; use ${allowed.join(' or ')}`, {
      headers: { allow: allowed.join(', ') },
    });
  }

  upgradeHandler(match: RouteMatch, pathname: string): UpgradeHandler {
    if (match.route.websocket) return match.route.websocket;
    throw new GatewayError('not_found', `${pathname} is not a WebSocket stream; call it over plain HTTP`);
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
  return { route, regex: new RegExp(`^${source}$`), names };
}

function decodeParam(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch (error) {
    throw new GatewayError('invalid_request', `path segment "${raw}" is not valid percent-encoding`, { cause: error });
  }
}
