import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { CodedError } from '../base/errors.ts';
import type { LogLevel } from '../base/logger.ts';
import type { GatewayListenOptions, TcpListenOptions } from '../gateway/gatewayListener.ts';
import { assertSecureBind, parseHostPort } from '../gateway/listenAddress.ts';
import type { HostPort } from '../gateway/listenAddress.ts';
import type { TlsFiles } from '../gateway/tlsFiles.ts';

/** What `serve` runs with, flags resolved into the gateway's own listen options. */
export interface ServeOptions {
  workflow: string;
  data: string;
  /** The local socket, when the host serves one. */
  socket: string | undefined;
  /** The local token file: one admin token, created (0600) when missing. */
  tokenFile: string | undefined;
  /** Hosted mode: tokens with roles. */
  tokensFile: string | undefined;
  logLevel: LogLevel;
  /** Every listener: the socket first, then each `--listen`. */
  listeners: GatewayListenOptions[];
  /** `--exit-unattended <seconds>`: stop after this long without any stream subscriber; null: never. */
  exitUnattendedMs: number | null;
  /** `--log-file <file>`: the log goes there (rotated once the data folder is held) instead of stderr. */
  logFile: string | undefined;
}

/** The host's flags as given, before any check: `doctor` inspects them, `serve` validates them. */
export interface HostFlags {
  workflow: string | undefined;
  data: string | undefined;
  socket: string | undefined;
  tokenFile: string | undefined;
  tokensFile: string | undefined;
  logLevel: string;
  listen: string[];
  tls: Partial<TlsFiles>;
  allowInsecureRemote: boolean;
  allowedHosts: string[];
  allowedOrigins: string[];
  exitUnattended: string | undefined;
  logFile: string | undefined;
}

export const USAGE = `Usage:
  opensymphony-host serve --workflow <WORKFLOW.md> --data <dir> [--socket <path>] [--listen <host:port>]...
        [--token-file <file>] [--tokens-file <file>] [--tls-cert <pem> --tls-key <pem>] [--allow-insecure-remote]
        [--allowed-host <name[:port]>]... [--allowed-origin <origin>]... [--log-level info] [--log-file <file>] [--exit-unattended <seconds>]
  opensymphony-host doctor [the serve flags]      checks a configuration; exit 1 when something is wrong
  opensymphony-host validate [WORKFLOW.md]

  --socket            the local socket (a named pipe on Windows); at least one of --socket and --listen
  --listen            TCP, repeatable; a bare port means 127.0.0.1; other addresses need TLS or --allow-insecure-remote
  --token-file        one admin token, written (0600) when missing; at least one of --token-file and --tokens-file
  --tokens-file       JSON or YAML {tokens: [{name, role: viewer|operator|admin, token_sha256 (or token)}]}
  --allowed-host      another name clients use for a TCP listener (e.g. behind a proxy)
  --allowed-origin    a browser origin allowed to call the TCP listeners; none by default
  --log-file          log to this file instead of stderr; once the host holds the data folder it keeps the previous file as <file>.1
  --exit-unattended   stop after this many seconds without any stream subscriber (the editor's local host); never by default`;

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** Reads the flags of `serve` and `doctor`; unknown flags are a usage error. */
export function parseHostFlags(args: string[]): HostFlags {
  const { values } = parseArgs({
    args,
    options: {
      workflow: { type: 'string' }, data: { type: 'string' }, socket: { type: 'string' },
      'token-file': { type: 'string' }, 'tokens-file': { type: 'string' }, 'log-level': { type: 'string', default: 'info' },
      listen: { type: 'string', multiple: true, default: [] }, 'tls-cert': { type: 'string' }, 'tls-key': { type: 'string' },
      'allow-insecure-remote': { type: 'boolean', default: false },
      'allowed-host': { type: 'string', multiple: true, default: [] }, 'allowed-origin': { type: 'string', multiple: true, default: [] },
      'exit-unattended': { type: 'string' }, 'log-file': { type: 'string' },
    },
    strict: true,
  });
  const path = (value: string | undefined) => (value === undefined ? undefined : resolve(value));
  return {
    workflow: path(values.workflow),
    data: path(values.data),
    socket: values.socket === undefined || values.socket.startsWith('\\\\') ? values.socket : resolve(values.socket),
    tokenFile: path(values['token-file']),
    tokensFile: path(values['tokens-file']),
    logLevel: values['log-level'],
    listen: values.listen,
    tls: { certFile: path(values['tls-cert']), keyFile: path(values['tls-key']) },
    allowInsecureRemote: values['allow-insecure-remote'],
    allowedHosts: values['allowed-host'],
    allowedOrigins: values['allowed-origin'],
    exitUnattended: values['exit-unattended'],
    logFile: path(values['log-file']),
  };
}

/** Parses `serve` flags; a missing or contradictory flag is a usage error that says which. */
export function parseServeArgs(args: string[]): ServeOptions {
  const flags = parseHostFlags(args);
  const missing = [['workflow', flags.workflow], ['data', flags.data]].filter(([, value]) => !value).map(([name]) => `--${name}`);
  if (!flags.socket && flags.listen.length === 0) missing.push('--socket or --listen');
  if (!flags.tokenFile && !flags.tokensFile) missing.push('--token-file or --tokens-file');
  if (missing.length) throw usage(`missing ${missing.join(', ')}`);
  const logLevel = flags.logLevel as LogLevel;
  if (!LEVELS.includes(logLevel)) throw usage(`--log-level must be one of ${LEVELS.join(', ')}`);
  return {
    workflow: flags.workflow as string,
    data: flags.data as string,
    socket: flags.socket,
    tokenFile: flags.tokenFile,
    tokensFile: flags.tokensFile,
    logLevel,
    listeners: [...(flags.socket ? [{ socketPath: flags.socket }] : []), ...tcpListeners(flags)],
    exitUnattendedMs: exitUnattendedMs(flags.exitUnattended),
    logFile: flags.logFile,
  };
}

function exitUnattendedMs(text: string | undefined): number | null {
  if (text === undefined) return null;
  const seconds = Number(text);
  if (!Number.isInteger(seconds) || seconds < 1) throw usage(`--exit-unattended takes a whole number of seconds (1 or more), not ${JSON.stringify(text)}`);
  return seconds * 1000;
}

/** The `--listen` listeners, sharing the TLS files and the allowed hosts and origins. */
export function tcpListeners(flags: HostFlags): TcpListenOptions[] {
  const { certFile, keyFile } = flags.tls;
  if ((certFile === undefined) !== (keyFile === undefined)) throw usage('--tls-cert and --tls-key go together; give both');
  if (certFile && flags.listen.length === 0) throw usage('--tls-cert applies to --listen listeners; add --listen <host:port>');
  const tls = certFile && keyFile ? { certFile, keyFile } : undefined;
  return flags.listen.map((text) => ({
    ...checkedAddress(text, tls !== undefined, flags.allowInsecureRemote),
    tls,
    allowInsecureRemote: flags.allowInsecureRemote,
    allowedHosts: flags.allowedHosts,
    allowedOrigins: flags.allowedOrigins,
  }));
}

/** Refused here already, so a host that cannot serve securely stops before it opens anything. */
function checkedAddress(text: string, tls: boolean, allowInsecureRemote: boolean): HostPort {
  const address = parseHostPort(text);
  assertSecureBind(address, { tls, allowInsecureRemote });
  return address;
}

function usage(message: string): CodedError {
  return new CodedError('usage', `${message}\n${USAGE}`);
}
