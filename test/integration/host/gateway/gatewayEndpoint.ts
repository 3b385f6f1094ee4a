import { request as httpRequestOf } from 'node:http';
import type { ClientRequest, IncomingHttpHeaders, IncomingMessage, RequestOptions } from 'node:http';
import { request as httpsRequestOf } from 'node:https';
import { WebSocket } from 'ws';

/** How a test reaches a gateway: its Unix socket, or a TCP listener (with the CA when TLS). */
export type GatewayEndpoint =
  | { kind: 'unix'; socketPath: string }
  | { kind: 'tcp'; host: string; port: number; ca?: Buffer };

/** A string target is a Unix socket path (how the older tests address the gateway). */
export type Target = string | GatewayEndpoint;

function endpointOf(target: Target): GatewayEndpoint {
  return typeof target === 'string' ? { kind: 'unix', socketPath: target } : target;
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: unknown;
}

export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Resolve once the headers arrived and drop the connection (for responses that never end, like SSE). */
  headersOnly?: boolean;
}

/** Starts a raw HTTP(S) request to the endpoint; the caller handles the response. */
export function startRequest(target: Target, options: RawRequest, onResponse: (res: IncomingMessage) => void): ClientRequest {
  const endpoint = endpointOf(target);
  const common: RequestOptions = { method: options.method ?? 'GET', path: options.path, headers: options.headers, agent: false };
  if (endpoint.kind === 'unix') return httpRequestOf({ ...common, socketPath: endpoint.socketPath }, onResponse);
  const address = { ...common, host: endpoint.host, port: endpoint.port };
  return endpoint.ca ? httpsRequestOf({ ...address, ca: endpoint.ca }, onResponse) : httpRequestOf(address, onResponse);
}

/** A plain HTTP request, so tests see exactly what the gateway answers. */
export function httpRequest(target: Target, options: RawRequest): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = startRequest(target, options, (res) => {
      if (options.headersOnly) {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text: '', json: undefined });
        res.destroy();
        return;
      }
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', (error) => { if (!options.headersOnly) reject(error); });
    req.end(options.body);
  });
}

/** The WebSocket URL of a gateway path on an endpoint. */
export function webSocketUrl(target: Target, pathAndQuery: string): string {
  const endpoint = endpointOf(target);
  if (endpoint.kind === 'unix') return `ws+unix://${endpoint.socketPath}:${pathAndQuery}`;
  return `${endpoint.ca ? 'wss' : 'ws'}://${endpoint.host.includes(':') ? `[${endpoint.host}]` : endpoint.host}:${endpoint.port}${pathAndQuery}`;
}

/** Outcome of a raw WebSocket connection attempt. */
export type RawUpgrade = { socket: WebSocket; responseHeaders: IncomingHttpHeaders } | { status: number; json: unknown };

export interface RawSocketOptions {
  autoPong?: boolean;
  /** Offered subprotocols (`Sec-WebSocket-Protocol`). */
  protocols?: string[];
  /** Runs before any event, so no message can arrive before the test listens. */
  setup?: (socket: WebSocket) => void;
}

/** Opens a raw WebSocket (no client-side dedupe), or reports the HTTP error that refused it. */
export function openRawSocket(target: Target, pathAndQuery: string, headers: Record<string, string>, options: RawSocketOptions = {}): Promise<RawUpgrade> {
  const endpoint = endpointOf(target);
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(webSocketUrl(endpoint, pathAndQuery), options.protocols ?? [], {
      headers, autoPong: options.autoPong ?? true, ...(endpoint.kind === 'tcp' && endpoint.ca ? { ca: endpoint.ca } : {}),
    });
    options.setup?.(socket);
    let responseHeaders: IncomingHttpHeaders = {};
    socket.once('upgrade', (response) => { responseHeaders = response.headers; });
    socket.once('open', () => resolve({ socket, responseHeaders }));
    socket.once('unexpected-response', (_req, res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        socket.terminate();
      });
    });
    socket.on('error', (error) => { if (socket.readyState === socket.CONNECTING) reject(error); });
  });
}
