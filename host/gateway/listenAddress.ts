import { isIP } from 'node:net';
import { CodedError } from '../base/errors.ts';

/** A TCP address to listen on. */
export interface HostPort {
  /** A hostname, an IPv4 address, or an IPv6 address without brackets. */
  host: string;
  /** 0 lets the system choose. */
  port: number;
}

/** Loopback unless told otherwise: `--listen 8080` binds 127.0.0.1:8080. */
export const DEFAULT_LISTEN_HOST = '127.0.0.1';

/** Parses `host:port`, `[v6]:port`, `:port` or a bare `port` (loopback). Throws `invalid_listen_address`. */
export function parseHostPort(text: string): HostPort {
  const value = text.trim();
  const match = /^(\d{1,5})$/.exec(value) ?? /^\[([^\]]+)\]:(\d{1,5})$/.exec(value) ?? /^([^:[\]]*):(\d{1,5})$/.exec(value);
  if (!match) throw invalidAddress(text);
  const [host, portText] = match.length === 2 ? ['', match[1]] : [match[1] ?? '', match[2]];
  const port = Number(portText);
  if (port > 65535 || (value.startsWith('[') && isIP(host) !== 6)) throw invalidAddress(text);
  return { host: host === '' ? DEFAULT_LISTEN_HOST : host, port };
}

/** `host:port` with IPv6 in brackets, as it appears in a URL or a Host header. */
export function formatHostPort({ host, port }: HostPort): string {
  return `${isIP(host) === 6 ? `[${host}]` : host}:${port}`;
}

/** True for names and addresses only this machine can reach: localhost, 127.0.0.0/8, ::1. */
export function isLoopbackHost(host: string): boolean {
  const name = host.toLowerCase().replace(/^\[|\]$/g, '');
  if (name === 'localhost' || name.endsWith('.localhost')) return true;
  if (isIP(name) === 4) return name.startsWith('127.');
  if (isIP(name) === 6) return name === '::1' || /^::ffff:127\./.test(name);
  return false;
}

/** True for addresses that bind every interface. */
export function isWildcardHost(host: string): boolean {
  return host === '0.0.0.0' || host === '::' || host === '';
}

/**
 * Refuses a non-loopback bind without TLS: bearer tokens and every payload would cross the network
 * in clear text. `allowInsecureRemote` is the operator saying something else protects the link.
 */
export function assertSecureBind(address: HostPort, options: { tls: boolean; allowInsecureRemote: boolean }): void {
  if (options.tls || options.allowInsecureRemote || isLoopbackHost(address.host)) return;
  throw new CodedError('insecure_remote_listener',
    `refusing to listen on ${formatHostPort(address)} without TLS: tokens and all traffic would cross the network in clear text. `
    + 'Give --tls-cert and --tls-key, or pass --allow-insecure-remote if a TLS-terminating proxy or a private network protects the connection.');
}

function invalidAddress(text: string): CodedError {
  return new CodedError('invalid_listen_address', `"${text}" is not a listen address; use host:port, [ipv6]:port or a port (loopback), e.g. 127.0.0.1:8080`);
}
