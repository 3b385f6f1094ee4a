import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import { createGatewayServer } from '../../host/gateway/gatewayServer.ts';
import type { GatewayLimits, GatewayServer } from '../../host/gateway/gatewayServer.ts';
import type { EventJournal } from '../../host/journal/eventJournal.ts';
import { openSqliteJournal } from '../../host/journal/sqliteEventJournal.ts';
import { FakeGatewayBackend } from '../integration/host/gateway/fakeGatewayBackend.ts';
import type { ClientTask } from './gatewayBenchClient.ts';

/** A gateway on loopback TCP over a file journal, as a hosted deployment runs it. */
export interface BenchGateway {
  journal: EventJournal;
  server: GatewayServer;
  token: string;
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  /** The ws:// URL of a gateway path. */
  webSocketUrl(pathAndQuery: string): string;
  close(): Promise<void>;
}

let counter = 0;

export async function startBenchGateway(dir: string, limits: Partial<GatewayLimits> = {}): Promise<BenchGateway> {
  const journal = openSqliteJournal(join(dir, `gateway-bench-${++counter}.db`), { synchronous: 'NORMAL' });
  const token = randomBytes(32).toString('hex');
  const server = createGatewayServer({ journal, backend: new FakeGatewayBackend(), token, limits });
  const info = await server.listen({ host: '127.0.0.1', port: 0 });
  if (info.kind !== 'tcp') throw new Error('expected a TCP listener');
  return {
    journal, server, token, baseUrl: info.url,
    webSocketUrl: (pathAndQuery) => `ws://127.0.0.1:${info.port}${pathAndQuery}`,
    close: async () => { await server.close(); await journal.close(); },
  };
}

/** A bare `ws` server on loopback: the substrate the gateway is compared with. */
export interface RawWebSocketServer {
  url: string;
  close(): Promise<void>;
}

export async function startRawServer(onConnection: (socket: WebSocket) => void): Promise<RawWebSocketServer> {
  const http = createServer();
  const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
  wss.on('connection', onConnection);
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}/`,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}

/** Sends frames in pages, waiting for each page to reach the socket: the gateway's replay pacing. */
export async function sendPaced(socket: WebSocket, frames: readonly (string | Uint8Array)[], pageSize: number): Promise<void> {
  for (let start = 0; start < frames.length; start += pageSize) {
    const page = frames.slice(start, start + pageSize);
    await new Promise<void>((resolve) => page.forEach((frame, index) => socket.send(frame, index === page.length - 1 ? () => resolve() : undefined)));
  }
}

/** Resolves after `ms`; benches pace producers with timers, tests never do. */
export function pause(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The value at quantile `q` (0..1) of unsorted samples. */
export function quantile(samples: readonly number[], q: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
}

/**
 * Collects the garbage earlier measurements left (`npm run bench` runs node with --expose-gc), so
 * a measurement pays for its own garbage only: a baseline that sent 200,000 separate frames
 * otherwise had the gateway measured after it pay for a major collection of them.
 */
export function settleHeap(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

/** Runs a one-shot client task in a worker thread and resolves with its answer, on a settled heap. */
export async function runClient<R>(task: ClientTask): Promise<R> {
  settleHeap();
  const worker = new Worker(new URL('./gatewayBenchClient.ts', import.meta.url), { workerData: task });
  try {
    return await new Promise<R>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the bench client exited (${code}) before answering`)));
    });
  } finally {
    await worker.terminate();
  }
}

/** Latency clients in a worker: resolves once they are connected; `collect` waits for `expected` events. */
export async function startLatencyClients(task: Extract<ClientTask, { kind: 'latency' }>): Promise<{ collect(expected: number): Promise<number[]> }> {
  const worker = new Worker(new URL('./gatewayBenchClient.ts', import.meta.url), { workerData: task });
  await new Promise<void>((resolve, reject) => {
    worker.once('message', () => resolve());
    worker.once('error', reject);
  });
  return {
    collect: async (expected) => {
      const answer = new Promise<{ samples: number[] }>((resolve, reject) => {
        worker.once('message', resolve);
        worker.once('error', reject);
      });
      worker.postMessage({ expected });
      const { samples } = await answer;
      await worker.terminate();
      return samples;
    },
  };
}
