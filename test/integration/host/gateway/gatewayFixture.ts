import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../../../host/base/clock.ts';
import { GatewayClient } from '../../../../host/client/gatewayClient.ts';
import type { GatewayClientOptions } from '../../../../host/client/gatewayClient.ts';
import { createGatewayServer } from '../../../../host/gateway/gatewayServer.ts';
import type { GatewayLimits, GatewayServer } from '../../../../host/gateway/gatewayServer.ts';
import type { GatewayListenOptions, TcpListenOptions } from '../../../../host/gateway/gatewayListener.ts';
import type { GatewayLog } from '../../../../host/gateway/gatewayLog.ts';
import type { Role } from '../../../../host/gateway/roles.ts';
import { grantForToken } from '../../../../host/gateway/tokenRegistry.ts';
import type { EventJournal } from '../../../../host/journal/eventJournal.ts';
import { openSqliteJournal } from '../../../../host/journal/sqliteEventJournal.ts';
import type { NewEvent } from '../../../../host/protocol/index.ts';
import { FakeGatewayBackend } from './fakeGatewayBackend.ts';
import type { GatewayEndpoint } from './gatewayEndpoint.ts';
import { selfSignedCertificate } from './tlsCertificate.ts';

export { httpRequest, openRawSocket, startRequest, webSocketUrl } from './gatewayEndpoint.ts';
export type { GatewayEndpoint, RawResponse, RawUpgrade } from './gatewayEndpoint.ts';

/** The local admin token (the token file's). */
export const TOKEN = 'test-token-0123456789abcdef0123456789abcdef';
/** One token per role; `admin` is the local token. */
export const TOKENS: Readonly<Record<Role, string>> = {
  viewer: 'viewer-token-0123456789abcdef0123456789abcdef',
  operator: 'operator-token-0123456789abcdef0123456789abcd',
  admin: TOKEN,
};

/** Which listener the fixture's `endpoint` and `client()` use; tcp and tls listen beside the socket. */
export type TransportKind = 'unix' | 'tcp' | 'tls';

export interface GatewayFixtureOptions {
  transport?: TransportKind;
  /** Extra TCP listener options (allowed hosts and origins). */
  tcp?: Partial<TcpListenOptions>;
  clock?: Clock;
}

type TestContext = { after(fn: () => void | Promise<void>): void };

/** A gateway on a real Unix socket in a private temp folder, over a real SQLite journal. */
export interface GatewayFixture {
  dir: string;
  socketPath: string;
  /** Where `endpoint`-taking helpers reach the gateway: the socket, or the TCP/TLS listener. */
  endpoint: GatewayEndpoint;
  transport: TransportKind;
  journal: EventJournal;
  backend: FakeGatewayBackend;
  server: GatewayServer;
  /** Everything the gateway logged, token-free by contract. */
  logLines: string[];
  /** A client of this gateway, disposed after the test. */
  client(options?: Partial<GatewayClientOptions>): GatewayClient;
  /** Closes the server and starts a new one on the same socket, port and journal (a host restart). */
  restart(): Promise<void>;
}

export async function startGateway(t: TestContext, limits: Partial<GatewayLimits> = {}, options: GatewayFixtureOptions = {}): Promise<GatewayFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'os-gw-'));
  const journal = openSqliteJournal(join(dir, 'journal.db'), { synchronous: 'NORMAL' });
  const backend = new FakeGatewayBackend();
  const logLines: string[] = [];
  const log = recordingLog(logLines);
  const socketPath = join(dir, 'host.sock');
  const transport = options.transport ?? 'unix';
  const certificate = transport === 'tls' ? selfSignedCertificate() : undefined;
  const clients: GatewayClient[] = [];
  const tokens = [grantForToken(TOKENS.viewer, { name: 'viewer', role: 'viewer' }), grantForToken(TOKENS.operator, { name: 'operator', role: 'operator' })];
  const create = (): GatewayServer => createGatewayServer({ journal, backend, token: TOKEN, tokens, log, limits, clock: options.clock });
  const listenAll = async (server: GatewayServer, port: number): Promise<GatewayEndpoint> => {
    await server.listen({ socketPath });
    if (transport === 'unix') return { kind: 'unix', socketPath };
    const tcp: GatewayListenOptions = { host: '127.0.0.1', port, ...options.tcp, ...(certificate ? { tls: certificate } : {}) };
    const info = await server.listen(tcp);
    if (info.kind !== 'tcp') throw new Error('expected a TCP listener');
    return { kind: 'tcp', host: '127.0.0.1', port: info.port, ...(certificate ? { ca: certificate.cert } : {}) };
  };
  const server = create();
  const endpoint = await listenAll(server, 0);
  const fixture: GatewayFixture = {
    dir, socketPath, endpoint, transport, journal, backend, logLines, server,
    client: (clientOptions) => {
      const where = endpoint.kind === 'unix'
        ? { socketPath }
        : { baseUrl: `${endpoint.ca ? 'https' : 'http'}://127.0.0.1:${endpoint.port}`, tls: { ca: endpoint.ca } };
      const client = new GatewayClient({ ...where, token: TOKEN, reconnectBackoff: { initialMs: 20, maxMs: 200 }, ...clientOptions });
      clients.push(client);
      return client;
    },
    restart: async () => {
      await fixture.server.close();
      fixture.server = create();
      await listenAll(fixture.server, endpoint.kind === 'tcp' ? endpoint.port : 0);
    },
  };
  t.after(async () => {
    for (const client of clients) client.dispose();
    await fixture.server.close();
    await journal.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return fixture;
}

function recordingLog(lines: string[]): GatewayLog {
  const record = (level: string) => (message: string, fields?: Record<string, unknown>) => { lines.push(`${level} ${message} ${JSON.stringify(fields ?? {})}`); };
  return { info: record('info'), warn: record('warn'), error: record('error') };
}

/** `count` events numbered in their payload. */
export function newEvents(count: number, type = 'run.output'): NewEvent[] {
  return Array.from({ length: count }, (_, index) => ({
    type,
    actor: { kind: 'agent' as const, id: 'codex' },
    summary: `line ${index}`,
    payload: { index },
    entity_refs: [{ kind: 'run' as const, id: 'run-1' }],
  }));
}

export const auth = (token = TOKEN): Record<string, string> => ({ authorization: `Bearer ${token}` });

/** A promise settled by the test's own events, with a deadline so a bug fails instead of hanging. */
export function deferred<T = void>(what: string, timeoutMs = 10_000): { promise: Promise<T>; resolve(value: T): void; reject(error: unknown): void } {
  const { promise, resolve, reject } = Promise.withResolvers<T>();
  const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
  void promise.then(() => clearTimeout(timer), () => clearTimeout(timer));
  return { promise, resolve, reject };
}

/** Asserts a list of seqs is exactly `from..to`, with a readable message on the first mismatch. */
export function expectContiguous(seqs: readonly number[], from: number, to: number): string | undefined {
  if (seqs.length !== to - from + 1) return `expected ${to - from + 1} seqs (${from}..${to}), got ${seqs.length}`;
  const wrong = seqs.findIndex((seq, index) => seq !== from + index);
  return wrong === -1 ? undefined : `at index ${wrong}: expected seq ${from + wrong}, got ${seqs[wrong]}`;
}
