import { STATUS_CODES } from 'node:http';
import type { ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { SCHEMA_VERSION } from '../protocol/index.ts';
import type { ErrorEnvelope } from '../protocol/index.ts';
import type { GatewayError } from './gatewayError.ts';

const JSON_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

/** Writes a JSON response; `payload` already carries `schema_version`. */
export function sendJson(res: ServerResponse, status: number, payload: unknown, headers: Record<string, string> = {}): void {
  const body = JSON.stringify(payload);
  res.writeHead(status, { ...JSON_HEADERS, ...headers, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** The error envelope, versioned like every other payload. */
export function errorEnvelope(error: GatewayError): ErrorEnvelope & { schema_version: number } {
  return { schema_version: SCHEMA_VERSION, error: { code: error.code, message: error.message } };
}

export function sendError(res: ServerResponse, error: GatewayError): void {
  if (res.headersSent) {
    res.destroy();
    return;
  }
  sendJson(res, error.status, errorEnvelope(error), { ...error.headers });
}

/** Rejects a WebSocket upgrade with a plain HTTP error response, then closes the socket. */
export function rejectUpgrade(socket: Duplex, error: GatewayError): void {
  const body = JSON.stringify(errorEnvelope(error));
  const head = [
    `HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? 'Error'}`,
    ...Object.entries({ ...JSON_HEADERS, ...error.headers }).map(([name, value]) => `${name}: ${value}`),
    `content-length: ${Buffer.byteLength(body)}`,
    'connection: close',
  ];
  socket.end(`${head.join('\r\n')}\r\n\r\n${body}`);
}
