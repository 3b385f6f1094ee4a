import { Agent } from 'undici';
import type { Dispatcher } from 'undici';
import type { ClientOptions as WebSocketClientOptions } from 'ws';
import type { IDisposable } from '../base/lifecycle.ts';
import { GatewayClientError } from './gatewayClientError.ts';

/**
 * How the client reaches a gateway. Everything above it (paths, DTOs, cursors, auth) is the same
 * for every transport: the local socket, or a remote `http(s)://` / `ws(s)://` base URL.
 */
export interface GatewayTransport extends IDisposable {
  /** Sends REST requests. */
  readonly dispatcher: Dispatcher;
  /** Origin of REST requests (on a Unix socket only the path matters). */
  readonly origin: string;
  /** Prepended to every gateway path: the base URL's path when the gateway sits behind a prefix. */
  readonly pathPrefix: string;
  /** Where the gateway is, for error messages. */
  readonly description: string;
  /** Extra options of stream sockets (the CA that signs a self-signed gateway certificate). */
  readonly webSocketOptions: WebSocketClientOptions;
  /** The WebSocket URL of a gateway path (with its query). */
  webSocketUrl(pathAndQuery: string): string;
}

/** The local host's Unix domain socket (or named pipe on Windows). */
export function unixSocketTransport(socketPath: string): GatewayTransport {
  const agent = new Agent({ connect: { socketPath } });
  return {
    dispatcher: agent,
    origin: 'http://localhost',
    pathPrefix: '',
    description: `the host socket ${socketPath}`,
    webSocketOptions: {},
    webSocketUrl: (pathAndQuery) => `ws+unix://${socketPath}:${pathAndQuery}`,
    dispose: () => { agent.destroy().catch(() => {}); },
  };
}

/** TLS settings of a remote gateway. */
export interface RemoteTlsOptions {
  /** PEM CA certificate(s) to trust besides the system's, e.g. for a self-signed gateway. */
  ca?: string | Buffer | Array<string | Buffer>;
}

const HTTP_OF: Readonly<Record<string, string>> = { 'http:': 'http:', 'https:': 'https:', 'ws:': 'http:', 'wss:': 'https:' };

/**
 * A gateway at `baseUrl` (`http`, `https`, `ws` or `wss`; a path becomes a prefix of every gateway
 * path). REST goes over http(s), streams over ws(s), with the same TLS trust.
 */
export function remoteTransport(baseUrl: string, tls: RemoteTlsOptions = {}): GatewayTransport {
  const url = parseBaseUrl(baseUrl);
  const secure = url.protocol === 'https:';
  const agent = new Agent({ connect: tls.ca ? { ca: tls.ca } : {} });
  const pathPrefix = url.pathname.replace(/\/+$/, '');
  const streamOrigin = `${secure ? 'wss' : 'ws'}://${url.host}`;
  return {
    dispatcher: agent,
    origin: url.origin,
    pathPrefix,
    description: `the gateway at ${url.origin}${pathPrefix}`,
    webSocketOptions: tls.ca ? { ca: tls.ca } : {},
    webSocketUrl: (pathAndQuery) => `${streamOrigin}${pathPrefix}${pathAndQuery}`,
    dispose: () => { agent.destroy().catch(() => {}); },
  };
}

/** Normalises a base URL to http(s); refuses credentials, queries and fragments in it. */
function parseBaseUrl(baseUrl: string): URL {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch (error) {
    throw invalidBaseUrl('it is not an absolute URL', error);
  }
  const protocol = HTTP_OF[url.protocol];
  if (!protocol) throw invalidBaseUrl(`its scheme is ${url.protocol}; use http, https, ws or wss`);
  if (url.username || url.password || url.search || url.hash) throw invalidBaseUrl('it must not carry credentials, a query or a fragment; pass the token separately');
  return new URL(`${protocol}//${url.host}${url.pathname}`);
}

/** The URL itself stays out of the message: a mistaken one may hold a secret. */
function invalidBaseUrl(problem: string, cause?: unknown): GatewayClientError {
  return new GatewayClientError('invalid_client_options', `the gateway baseUrl cannot be used: ${problem}`, { cause });
}
