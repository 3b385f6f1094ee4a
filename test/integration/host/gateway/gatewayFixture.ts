import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import type { IncomingHttpHeaders } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { GatewayClient } from '../../../../host/client/gatewayClient.ts';
import type { GatewayClientOptions } from '../../../../host/client/gatewayClient.ts';
import { createGatewayServer } from '../../../../host/gateway/gatewayServer.ts';
import type { GatewayLimits, GatewayServer } from '../../../../host/gateway/gatewayServer.ts';
import type { GatewayLog } from '../../../../host/gateway/gatewayLog.ts';
import type { EventJournal } from '../../../../host/journal/eventJournal.ts';
import { openSqliteJournal } from '../../../../host/journal/sqliteEventJournal.ts';
import type { NewEvent } from '../../../../host/protocol/index.ts';
import { FakeGatewayBackend } from './fakeGatewayBackend.ts';

export const TOKEN = 'test-token-0123456789abcdef0123456789abcdef';

type TestContext = { after(fn: () => void | Promise<void>): void };

/** A gateway on a real Unix socket in a private temp folder, over a real SQLite journal. */
export interface GatewayFixture {
  dir: string;
  socketPath: string;
  journal: EventJournal;
  backend: FakeGatewayBackend;
  server: GatewayServer;
  /** Everything the gateway logged, token-free by contract. */
  logLines: string[];
  /** A client of this gateway, disposed after the test. */
  client(options?: Partial<GatewayClientOptions>): GatewayClient;
  /** Closes the server and starts a new one on the same socket and journal (a host restart). */
  restart(): Promise<void>;
}

export async function startGateway(t: TestContext, limits: Partial<GatewayLimits> = {}): Promise<GatewayFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'os-gw-'));
  const journal = openSqliteJournal(join(dir, 'journal.db'), { synchronous: 'NORMAL' });
  const backend = new FakeGatewayBackend();
  const logLines: string[] = [];
  const log = recordingLog(logLines);
  const socketPath = join(dir, 'host.sock');
  const clients: GatewayClient[] = [];
  const create = (): GatewayServer => createGatewayServer({ journal, backend, token: TOKEN, log, limits });
  const fixture: GatewayFixture = {
    dir, socketPath, journal, backend, logLines, server: create(),
    client: (options) => {
      const client = new GatewayClient({ socketPath, token: TOKEN, reconnectBackoff: { initialMs: 20, maxMs: 200 }, ...options });
      clients.push(client);
      return client;
    },
    restart: async () => {
      await fixture.server.close();
      fixture.server = create();
      await fixture.server.listen({ socketPath });
    },
  };
  await fixture.server.listen({ socketPath });
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

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: unknown;
}

/** A plain HTTP request over the socket, so tests see exactly what the gateway answers. */
export function httpRequest(socketPath: string, options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer }): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, method: options.method ?? 'GET', path: options.path, headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

export const auth = (token = TOKEN): Record<string, string> => ({ authorization: `Bearer ${token}` });

/** Outcome of a raw WebSocket connection attempt. */
export type RawUpgrade = { socket: WebSocket } | { status: number; json: unknown };

/**
 * Opens a raw WebSocket (no client-side dedupe), or reports the HTTP error that refused it.
 * `setup` runs before any event, so no message can arrive before the test listens.
 */
export function openRawSocket(
  socketPath: string,
  pathAndQuery: string,
  headers: Record<string, string>,
  options: { autoPong?: boolean; setup?: (socket: WebSocket) => void } = {},
): Promise<RawUpgrade> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws+unix://${socketPath}:${pathAndQuery}`, { headers, autoPong: options.autoPong ?? true });
    options.setup?.(socket);
    socket.once('open', () => resolve({ socket }));
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
