import { Agent } from 'undici';
import type { Dispatcher } from 'undici';
import type { IDisposable } from '../base/lifecycle.ts';

/**
 * How the client reaches a gateway. Everything above it (paths, DTOs, cursors, auth) is the same
 * for every transport; a remote `https://` gateway is another implementation of this interface.
 */
export interface GatewayTransport extends IDisposable {
  /** Sends REST requests. */
  readonly dispatcher: Dispatcher;
  /** Origin of REST requests (on a Unix socket only the path matters). */
  readonly origin: string;
  /** Where the gateway is, for error messages. */
  readonly description: string;
  /** The WebSocket URL of a gateway path (with its query). */
  webSocketUrl(pathAndQuery: string): string;
}

/** The local host's Unix domain socket. */
export function unixSocketTransport(socketPath: string): GatewayTransport {
  const agent = new Agent({ connect: { socketPath } });
  return {
    dispatcher: agent,
    origin: 'http://localhost',
    description: `the host socket ${socketPath}`,
    webSocketUrl: (pathAndQuery) => `ws+unix://${socketPath}:${pathAndQuery}`,
    dispose: () => { agent.destroy().catch(() => {}); },
  };
}
