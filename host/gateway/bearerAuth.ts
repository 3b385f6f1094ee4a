import type { IncomingHttpHeaders } from 'node:http';

/**
 * Browsers cannot set headers on a WebSocket, so a stream upgrade may carry its token as the
 * subprotocol `bearer.<token>` instead of `Authorization: Bearer <token>`.
 */
export const BEARER_PROTOCOL_PREFIX = 'bearer.';

/**
 * The subprotocol a client should offer beside `bearer.<token>`: the gateway then selects it, so
 * the token is not echoed in the handshake response.
 */
export const GATEWAY_PROTOCOL = 'opensymphony.v1';

/**
 * The bearer token a request presents, or undefined. `Authorization` wins; on a WebSocket
 * upgrade a `bearer.<token>` subprotocol is accepted as well.
 */
export function presentedToken(headers: IncomingHttpHeaders, options: { upgrade: boolean }): string | undefined {
  const fromHeader = bearerFromAuthorization(headers.authorization);
  if (fromHeader !== undefined || !options.upgrade) return fromHeader;
  return offeredProtocols(headers['sec-websocket-protocol'])
    .find((protocol) => protocol.startsWith(BEARER_PROTOCOL_PREFIX) && protocol.length > BEARER_PROTOCOL_PREFIX.length)
    ?.slice(BEARER_PROTOCOL_PREFIX.length);
}

/**
 * The subprotocol to answer with: `opensymphony.v1` when offered, else the offered
 * `bearer.<token>` (a browser fails a handshake whose offered protocols all go unanswered), else none.
 */
export function selectProtocol(offered: ReadonlySet<string>): string | false {
  if (offered.has(GATEWAY_PROTOCOL)) return GATEWAY_PROTOCOL;
  for (const protocol of offered) if (protocol.startsWith(BEARER_PROTOCOL_PREFIX)) return protocol;
  return false;
}

/** The token of a `Bearer` authorization header, or undefined when absent or malformed. */
function bearerFromAuthorization(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const match = /^Bearer +(\S+) *$/i.exec(header);
  return match?.[1];
}

function offeredProtocols(header: string | undefined): string[] {
  return header ? header.split(',').map((protocol) => protocol.trim()).filter(Boolean) : [];
}

export const UNAUTHORIZED_MESSAGE =
  'missing or wrong bearer token; send "Authorization: Bearer <token>" (or, for a browser WebSocket, the subprotocol "bearer.<token>") with a token the host accepts';
