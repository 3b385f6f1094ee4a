import { createServer as createHttpServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { CodedError, errorMessage } from '../base/errors.ts';
import { GatewayError } from './gatewayError.ts';
import { assertSecureBind, formatHostPort } from './listenAddress.ts';
import { localSocketPolicy, tcpListenerPolicy } from './listenerPolicy.ts';
import type { ListenerPolicy } from './listenerPolicy.ts';
import { loadTlsMaterial } from './tlsFiles.ts';
import type { TlsFiles } from './tlsFiles.ts';
import { listenOnUnixSocket } from './unixSocketListener.ts';

/** The local socket: a Unix domain socket (0600), or a named pipe on Windows. */
export interface LocalSocketListenOptions {
  socketPath: string;
}

/** A TCP listener, plain or TLS; loopback unless TLS or `allowInsecureRemote` says otherwise. */
export interface TcpListenOptions {
  host: string;
  /** 0 lets the system choose; `listen()` reports the port it got. */
  port: number;
  /** Serve https/wss with this certificate and key. */
  tls?: TlsFiles;
  /** Allow a non-loopback bind without TLS (a TLS-terminating proxy or a private network protects it). */
  allowInsecureRemote?: boolean;
  /** Extra `Host` names: `name` (any port) or `name:port`. */
  allowedHosts?: readonly string[];
  /** Browser origins allowed to call (e.g. `https://ops.example.com`); none by default. */
  allowedOrigins?: readonly string[];
}

export type GatewayListenOptions = LocalSocketListenOptions | TcpListenOptions;

/** Where a listener serves, as `listen()` reports it. */
export type ListenerInfo =
  | { kind: 'socket'; socketPath: string }
  | { kind: 'tcp'; host: string; port: number; secure: boolean; url: string };

/** What the gateway does with a request that reached a listener. */
export interface ListenerHandlers {
  request(policy: ListenerPolicy, req: IncomingMessage, res: ServerResponse): void;
  upgrade(policy: ListenerPolicy, req: IncomingMessage, socket: Duplex, head: Buffer): void;
}

/** A bound listener: its server, what it accepts, and where it is. */
export interface OpenListener {
  server: Server;
  info: ListenerInfo;
}

/** Creates the server for one listen option and binds it; every listener shares the same handlers. */
export async function openListener(options: GatewayListenOptions, handlers: ListenerHandlers): Promise<OpenListener> {
  return 'socketPath' in options ? openLocalSocket(options, handlers) : openTcp(options, handlers);
}

async function openLocalSocket(options: LocalSocketListenOptions, handlers: ListenerHandlers): Promise<OpenListener> {
  const server = createHttpServer();
  attach(server, handlers, () => localSocketPolicy);
  await listenOnUnixSocket(server, options.socketPath);
  return { server, info: { kind: 'socket', socketPath: options.socketPath } };
}

async function openTcp(options: TcpListenOptions, handlers: ListenerHandlers): Promise<OpenListener> {
  assertSecureBind(options, { tls: options.tls !== undefined, allowInsecureRemote: options.allowInsecureRemote ?? false });
  const tls = options.tls ? loadTlsMaterial(options.tls) : undefined;
  const server: Server = tls ? createHttpsServer({ cert: tls.cert, key: tls.key, minVersion: 'TLSv1.2' }) : createHttpServer();
  // Nothing is served before the bound port is known: until then every request is refused.
  let policy: ListenerPolicy = { admit: () => { throw new GatewayError('unavailable', 'the listener is starting; retry'); } };
  attach(server, handlers, () => policy);
  await listenTcp(server, options);
  const port = (server.address() as AddressInfo).port;
  const secure = tls !== undefined;
  policy = tcpListenerPolicy({ address: { host: options.host, port }, secure, allowedHosts: options.allowedHosts ?? [], allowedOrigins: options.allowedOrigins ?? [] });
  const url = `${secure ? 'https' : 'http'}://${formatHostPort({ host: options.host, port })}`;
  return { server, info: { kind: 'tcp', host: options.host, port, secure, url } };
}

function attach(server: Server, handlers: ListenerHandlers, policy: () => ListenerPolicy): void {
  server.on('request', (req: IncomingMessage, res: ServerResponse) => handlers.request(policy(), req, res));
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => handlers.upgrade(policy(), req, socket, head));
}

function listenTcp(server: Server, { host, port }: TcpListenOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      server.off('listening', onListening);
      const where = formatHostPort({ host, port });
      const hint = error.code === 'EADDRINUSE' ? 'another process uses that port; choose another --listen port'
        : error.code === 'EACCES' ? 'ports below 1024 need privileges; choose a higher port'
          : 'check the address belongs to this machine';
      reject(new CodedError('gateway_listen_failed', `the gateway could not listen on ${where}: ${errorMessage(error)}; ${hint}`, { cause: error }));
    };
    const onListening = (): void => { server.off('error', onError); resolve(); };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, host);
  });
}
