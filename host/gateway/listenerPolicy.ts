import type { IncomingHttpHeaders } from 'node:http';
import { networkInterfaces, hostname } from 'node:os';
import { isIP } from 'node:net';
import { GatewayError } from './gatewayError.ts';
import { formatHostPort, isLoopbackHost, isWildcardHost } from './listenAddress.ts';
import type { HostPort } from './listenAddress.ts';

/** Checks a request against what one listener accepts, before any token is looked at. */
export interface ListenerPolicy {
  /** Throws `forbidden` for a request this listener must not serve. */
  admit(headers: IncomingHttpHeaders): void;
}

/** The local socket: only this user can connect and no browser can reach it, so nothing to check. */
export const localSocketPolicy: ListenerPolicy = { admit: () => {} };

/** What a TCP listener accepts besides its own names. */
export interface TcpPolicyOptions {
  /** The address as configured (a name or an address) with the port actually bound. */
  address: HostPort;
  secure: boolean;
  /** `name` (any port, e.g. behind a proxy) or `name:port`. */
  allowedHosts: readonly string[];
  /** Full origins, e.g. `https://ops.example.com`; none by default. */
  allowedOrigins: readonly string[];
}

/**
 * A TCP listener answers only to its own names (DNS rebinding: a hostile page whose name resolves
 * to this host sends its own name as `Host`) and to allowed browser origins. Requests without
 * `Origin` come from non-browser clients and pass.
 */
export function tcpListenerPolicy(options: TcpPolicyOptions): ListenerPolicy {
  const defaultPort = options.secure ? 443 : 80;
  const exact = new Set(ownNames(options.address).map((name) => formatHostPort({ host: name.toLowerCase(), port: options.address.port })));
  const anyPort = new Set<string>();
  for (const entry of options.allowedHosts) {
    const parsed = splitHost(entry.trim());
    if (parsed?.port !== undefined) exact.add(formatHostPort({ host: parsed.host, port: parsed.port }));
    else if (parsed) anyPort.add(bracketed(parsed.host));
  }
  const origins = new Set(options.allowedOrigins.map(normalizeOrigin).filter((origin): origin is string => origin !== undefined));
  return {
    admit(headers) {
      const host = splitHost(headers.host ?? '');
      if (!host || !(exact.has(formatHostPort({ host: host.host, port: host.port ?? defaultPort })) || anyPort.has(bracketed(host.host)))) {
        throw new GatewayError('forbidden', `Host "${clip(headers.host ?? '')}" is not a name of this gateway; if it is yours, start the host with --allowed-host ${clip(host?.host ?? '<name>')}`);
      }
      const origin = headers.origin;
      if (origin !== undefined && !origins.has(normalizeOrigin(origin) ?? '')) {
        throw new GatewayError('forbidden', `requests from the web origin "${clip(origin)}" are not allowed; if you trust it, start the host with --allowed-origin ${clip(origin)}`);
      }
    },
  };
}

/** The names a client may use for this listener: the configured one, loopback names, interface addresses. */
function ownNames(address: HostPort): string[] {
  const names = [address.host];
  const loopback = ['localhost', '127.0.0.1', '::1'];
  if (isLoopbackHost(address.host)) names.push(...loopback);
  if (isWildcardHost(address.host)) {
    names.push(...loopback, hostname());
    for (const entries of Object.values(networkInterfaces())) for (const entry of entries ?? []) names.push(entry.address);
  }
  return names.filter((name) => !isWildcardHost(name));
}

/** `name`, `name:port`, `[v6]` or `[v6]:port`, lower-cased; undefined when malformed. */
function splitHost(value: string): { host: string; port: number | undefined } | undefined {
  const match = /^\[([0-9a-fA-F:.]+)\](?::(\d{1,5}))?$/.exec(value) ?? /^([^:[\]\s/@]+)(?::(\d{1,5}))?$/.exec(value);
  if (!match?.[1]) return undefined;
  if (value.startsWith('[') && isIP(match[1]) !== 6) return undefined;
  return { host: match[1].toLowerCase(), port: match[2] === undefined ? undefined : Number(match[2]) };
}

function bracketed(host: string): string {
  return isIP(host) === 6 ? `[${host}]` : host;
}

function normalizeOrigin(origin: string): string | undefined {
  try {
    const url = new URL(origin);
    return url.origin === 'null' ? undefined : url.origin;
  } catch {
    return undefined;
  }
}

function clip(text: string): string {
  return text.length > 100 ? `${text.slice(0, 100)}…` : text;
}
