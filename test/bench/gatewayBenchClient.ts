// The bench's clients run in a worker thread, as real clients run in another process: the
// gateway's event loop is not shared with the code that reads its output.
import { request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import { WebSocket } from 'ws';
import { GatewayClient } from '../../host/client/gatewayClient.ts';
import { decodeTerminalFrame } from '../../host/protocol/index.ts';
import type { EventEnvelope } from '../../host/protocol/index.ts';

/** What one worker does; see `gatewayBenchSetup.ts` for how the main thread drives it. */
export type ClientTask =
  | { kind: 'terminal'; url: string; token?: string; encoding: 'binary' | 'json'; last: number }
  | { kind: 'replay'; via: 'ws' | 'client' | 'sse'; url: string; token?: string; last: number }
  | { kind: 'latency'; via: 'gateway' | 'raw'; url: string; token?: string; clients: number; cursor: number };

const port = parentPort!;
const wallClock = (): number => performance.timeOrigin + performance.now();

const tasks: { [K in ClientTask['kind']]: (task: Extract<ClientTask, { kind: K }>) => Promise<void> } = {
  terminal: async (task) => {
    const decode = task.encoding === 'binary'
      ? (data: Buffer) => decodeTerminalFrame(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).seq
      : (data: Buffer) => { const frame = JSON.parse(data.toString('utf8')) as { seq: number; data: string }; Buffer.from(frame.data, 'base64'); return frame.seq; };
    port.postMessage({ seconds: await timeUntil(task.url, task.token, (data) => decode(data) === task.last) });
  },
  replay: async (task) => {
    if (task.via === 'ws') {
      const seconds = await timeUntil(task.url, task.token, (data) => (JSON.parse(data.toString('utf8')) as { events?: Array<{ seq: number }> }).events?.at(-1)?.seq === task.last);
      port.postMessage({ seconds });
    } else if (task.via === 'client') {
      port.postMessage({ seconds: await timeGatewayClient(task.url, task.token ?? '', task.last) });
    } else {
      port.postMessage({ seconds: await timeSse(task.url, task.token ?? '', task.last) });
    }
  },
  latency: async (task) => {
    const samples: number[] = [];
    let received = 0;
    let expected = Number.POSITIVE_INFINITY;
    const onEvents = (events: readonly EventEnvelope[]): void => {
      const now = wallClock();
      for (const event of events) {
        const payload = event.payload as { appended_at: number; measured: boolean };
        if (payload.measured) samples.push(now - payload.appended_at);
      }
      received += events.length;
      if (received >= expected) port.postMessage({ samples });
    };
    const clients = await Promise.all(Array.from({ length: task.clients }, () => openLatencyClient(task, onEvents)));
    port.on('message', (message: { expected: number }) => {
      expected = message.expected;
      if (received >= expected) port.postMessage({ samples });
    });
    port.postMessage({ ready: clients.length });
  },
};

async function timeUntil(url: string, token: string | undefined, isLast: (data: Buffer) => boolean): Promise<number> {
  const started = performance.now();
  const socket = new WebSocket(url, { perMessageDeflate: false, maxPayload: 256 * 1024 * 1024, headers: token ? { authorization: `Bearer ${token}` } : {} });
  await new Promise<void>((resolve, reject) => {
    socket.on('message', (data) => { if (isLast(data as Buffer)) resolve(); });
    socket.once('error', reject);
  });
  const seconds = (performance.now() - started) / 1000;
  socket.close();
  return seconds;
}

async function timeGatewayClient(baseUrl: string, token: string, last: number): Promise<number> {
  const client = new GatewayClient({ baseUrl, token });
  const started = performance.now();
  await new Promise<void>((resolve) => client.subscribeEvents({ cursor: 0, onEvents: (events) => { if (events.at(-1)?.seq === last) resolve(); } }));
  const seconds = (performance.now() - started) / 1000;
  client.dispose();
  return seconds;
}

async function timeSse(url: string, token: string, last: number): Promise<number> {
  const started = performance.now();
  await new Promise<void>((resolve, reject) => {
    const req = request(url, { headers: { authorization: `Bearer ${token}` } }, (res) => {
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (text: string) => {
        buffer += text;
        const blocks = buffer.split('\n\n');
        buffer = blocks.pop() ?? '';
        for (const block of blocks) {
          const data = block.split('\n').find((line) => line.startsWith('data: '));
          if (data && (JSON.parse(data.slice(6)) as { seq: number }).seq === last) { req.destroy(); resolve(); }
        }
      });
    });
    req.once('error', (error) => { if (!req.destroyed) reject(error); });
    req.end();
  });
  return (performance.now() - started) / 1000;
}

/** A GatewayClient (or a bare ws client of the raw server) that reports once connected. */
async function openLatencyClient(task: Extract<ClientTask, { kind: 'latency' }>, onEvents: (events: readonly EventEnvelope[]) => void): Promise<void> {
  if (task.via === 'gateway') {
    const client = new GatewayClient({ baseUrl: task.url, token: task.token ?? '' });
    await new Promise<void>((resolve) => client.subscribeEvents({ cursor: task.cursor, onEvents, onStatus: (status) => { if (status === 'connected') resolve(); } }));
    return;
  }
  const socket = new WebSocket(task.url, { perMessageDeflate: false });
  socket.on('message', (data) => onEvents((JSON.parse(String(data)) as { events: EventEnvelope[] }).events));
  await new Promise((resolve) => socket.once('open', resolve));
}

const task = workerData as ClientTask;
void (tasks[task.kind] as (task: ClientTask) => Promise<void>)(task);
