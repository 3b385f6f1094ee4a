import type { WebSocket } from 'ws';
import { DEFAULT_GATEWAY_LIMITS } from '../../host/gateway/gatewayServer.ts';
import { encodeEvents, readEventFrames } from '../../host/gateway/streamRoutes.ts';
import type { EventFrame } from '../../host/gateway/streamRoutes.ts';
import type { WireFrame } from '../../host/gateway/webSocketSink.ts';
import type { EventJournal } from '../../host/journal/eventJournal.ts';
import { SCHEMA_VERSION } from '../../host/protocol/index.ts';
import type { BenchResult } from './benchResult.ts';
import { median } from './benchResult.ts';
import { runClient, startBenchGateway, startRawServer } from './gatewayBenchSetup.ts';
import { chunked, realisticEvents } from './journalBenchData.ts';

const EVENTS = 1_000_000;
const TEMPLATE = 10_000;
const EVENTS_PER_APPEND = 4;
const APPENDS_PER_TICK = 250;
const ROUNDS = 3;
const PAGE = DEFAULT_GATEWAY_LIMITS.streamPageSize;

/**
 * Replay of EVENTS journaled events from cursor 0 to one client: over the WebSocket stream to a
 * bare client (JSON.parse only) and to the GatewayClient (schema-validated), over SSE, and the
 * substrate: the same journal pages JSON-encoded and sent by a bare ws server.
 */
export async function runReplayBench(dir: string): Promise<BenchResult[]> {
  const gateway = await startBenchGateway(dir);
  await fill(gateway.journal);
  const raw = await startRawServer((socket) => { void replayRaw(socket, gateway.journal); });
  // The bare sender's frames (565 MB) are held only for its own rounds, so the gateway's rounds
  // run in a process that holds what a host would hold.
  let frames: Buffer[][] = [];
  const bare = await startRawServer((socket) => { void sendDoubleBuffered(socket, frames); });
  const time = async (via: 'ws' | 'client' | 'sse', url: string, token?: string): Promise<number> =>
    (await runClient<{ seconds: number }>({ kind: 'replay', via, url, token, last: EVENTS })).seconds;
  const rounds = { ws: [] as number[], raw: [] as number[], bare: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    rounds.raw.push(await time('ws', raw.url));
    frames = pageFrames(gateway.journal);
    rounds.bare.push(await time('ws', bare.url));
    frames = [];
    rounds.ws.push(await time('ws', gateway.webSocketUrl('/api/v1/streams/events?cursor=0'), gateway.token));
  }
  const [wsSeconds, rawSeconds, bareSeconds] = [median(rounds.ws), median(rounds.raw), median(rounds.bare)];
  const encoding = measureEncoding(gateway.journal);
  const parseSeconds = measureClientParse(gateway.journal);
  const clientSeconds = await time('client', gateway.baseUrl, gateway.token);
  const sseSeconds = await time('sse', `${gateway.baseUrl}/api/v1/events/stream?cursor=0`, gateway.token);
  await raw.close();
  await bare.close();
  await gateway.close();
  const note = `${EVENTS.toLocaleString('en-US')} events from cursor 0`;
  return [
    { bench: 'gateway', name: 'replay 1M events, WS → bare client', value: wsSeconds, unit: 's', note: `target ≤ 3; ${note}; median of ${roundList(rounds.ws)}` },
    { bench: 'gateway', name: 'replay 1M events, WS → GatewayClient', value: clientSeconds, unit: 's', note: 'zod-validated messages' },
    { bench: 'gateway', name: 'replay 1M events, SSE → bare client', value: sseSeconds, unit: 's' },
    { bench: 'gateway', name: 'raw journal pages → bare ws', value: rawSeconds, unit: 's', note: 'read + parse + stringify + send, no gateway' },
    { bench: 'gateway', name: 'replay WS gateway/raw speed', value: rawSeconds / wsSeconds, unit: '×' },
    { bench: 'gateway', name: 'bare ws sender of the same frames', value: bareSeconds, unit: 's', note: `the replay's frames from memory, two in flight: ws + client alone; median of ${roundList(rounds.bare)}` },
    { bench: 'gateway', name: 'replay WS gateway/bare sender time', value: wsSeconds / bareSeconds, unit: '×', note: 'what the gateway adds to the substrate' },
    { bench: 'gateway', name: 'client floor: decode + JSON.parse', value: parseSeconds, unit: 's', note: 'what the bare client must do with the frames, alone' },
    { bench: 'gateway', name: 'replay WS / client floor', value: wsSeconds / parseSeconds, unit: '×', note: 'how close to parse-bound' },
    { bench: 'gateway', name: 'replay pages, joined by SQLite', value: encoding.runs, unit: 'events/s', note: 'read + encode, what the WebSocket does' },
    { bench: 'gateway', name: 'replay pages, JSON per event', value: encoding.spliced, unit: 'events/s', note: 'read + encode, what SSE does' },
    { bench: 'gateway', name: 'replay pages, parse + stringify', value: encoding.reparsed, unit: 'events/s', note: 'read + encode, the first path' },
    { bench: 'gateway', name: 'replay pages joined/reparse', value: encoding.runs / encoding.reparsed, unit: '×' },
  ];
}

/** Round figures for a note, in the order measured: `3.1 / 2.9 / 3.0 s`. */
function roundList(seconds: readonly number[]): string {
  return `${seconds.map((value) => value.toFixed(2)).join(' / ')} s`;
}

async function fill(journal: EventJournal): Promise<void> {
  const appends = chunked(realisticEvents(TEMPLATE), EVENTS_PER_APPEND);
  for (let written = 0; written < EVENTS; written += TEMPLATE) {
    for (const tick of chunked(appends, APPENDS_PER_TICK)) await Promise.all(tick.map((events) => journal.append(events)));
  }
}

/**
 * The replay's page step alone, over the whole journal: stored rows to wire frames as the
 * WebSocket does it (a page read as runs of up to a frame, each joined by SQLite), as SSE does it (one spliced JSON
 * string per event), and by parsing and re-stringifying (the first path).
 */
function measureEncoding(journal: EventJournal): { runs: number; spliced: number; reparsed: number } {
  const rate = (page: (cursor: number) => { last: number | undefined; bytes: number }): number => {
    const started = performance.now();
    let bytes = 0;
    for (let cursor = 0, step = page(0); step.last !== undefined; cursor = step.last, step = page(cursor)) bytes += step.bytes;
    if (bytes === 0) throw new Error('the journal is empty');
    return EVENTS / ((performance.now() - started) / 1000);
  };
  const wireBytes = (frame: WireFrame | undefined): number => frame === undefined ? 0 : typeof frame === 'string' ? frame.length : frame instanceof Uint8Array ? frame.byteLength : frame.utf8.byteLength;
  const samples = { runs: [] as number[], spliced: [] as number[], reparsed: [] as number[] };
  for (let round = 0; round < ROUNDS; round++) {
    samples.runs.push(rate((cursor) => {
      const runs = readPage(journal, cursor);
      return { last: runs.at(-1)?.seq, bytes: runs.length > 0 ? encodeEvents(runs).reduce((sum, frame) => sum + wireBytes(frame), 0) : 0 };
    }));
    samples.spliced.push(rate((cursor) => {
      const page = journal.readSerialized(cursor, PAGE);
      return { last: page.at(-1)?.seq, bytes: page.length > 0 ? wireBytes(encodeEvents(page)[0]) : 0 };
    }));
    samples.reparsed.push(rate((cursor) => {
      const page = journal.read(cursor, PAGE);
      return { last: page.at(-1)?.seq, bytes: page.length > 0 ? JSON.stringify({ kind: 'events', schema_version: SCHEMA_VERSION, events: page }).length : 0 };
    }));
  }
  return { runs: median(samples.runs), spliced: median(samples.spliced), reparsed: median(samples.reparsed) };
}

/**
 * The bare client's own work on the replay's frames, timed alone: UTF-8 decode and JSON.parse of
 * every page frame. No replay to one client that parses can be faster than this on this machine.
 */
function measureClientParse(journal: EventJournal): number {
  const samples: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let seconds = 0;
    let parsed = 0;
    for (let runs = readPage(journal, 0); runs.length > 0; runs = readPage(journal, runs.at(-1)!.seq)) {
      for (const bytes of encodeEvents(runs).map(frameBytes)) {
        const started = performance.now();
        parsed += (JSON.parse(bytes.toString('utf8')) as { events: unknown[] }).events.length;
        seconds += (performance.now() - started) / 1000;
      }
    }
    if (parsed !== EVENTS) throw new Error(`parsed ${parsed} events, expected ${EVENTS}`);
    samples.push(seconds);
  }
  return median(samples);
}

/** The replay's frames, page by page, in memory: what a sender with no journal and no gateway would send. */
function pageFrames(journal: EventJournal): Buffer[][] {
  const pages: Buffer[][] = [];
  for (let runs = readPage(journal, 0); runs.length > 0; runs = readPage(journal, runs.at(-1)!.seq)) {
    pages.push(encodeEvents(runs).map(frameBytes));
  }
  return pages;
}

/** One replay page, read as the WebSocket reads it. */
function readPage(journal: EventJournal, cursor: number): EventFrame[] {
  return readEventFrames(journal, cursor, PAGE);
}

function frameBytes(frame: WireFrame): Buffer {
  if (typeof frame !== 'object' || !('utf8' in frame)) throw new Error('a replay frame did not encode as UTF-8 bytes');
  return Buffer.from(frame.utf8.buffer, frame.utf8.byteOffset, frame.utf8.byteLength);
}

/** Sends the pages' text frames with at most two pages written but not yet flushed, as the gateway's double-buffered replay does. */
async function sendDoubleBuffered(socket: WebSocket, pages: readonly Buffer[][]): Promise<void> {
  let next = 0;
  let inFlight = 0;
  await new Promise<void>((resolve) => {
    const pump = (): void => {
      while (inFlight < 2 && next < pages.length) {
        const page = pages[next++]!;
        inFlight += 1;
        page.forEach((frame, index) => socket.send(frame, { binary: false }, index < page.length - 1 ? undefined : () => {
          inFlight -= 1;
          if (next === pages.length && inFlight === 0) resolve();
          else pump();
        }));
      }
    };
    pump();
  });
}

/** The substrate: journal pages, JSON-encoded and sent page by page with the same pacing. */
async function replayRaw(socket: WebSocket, journal: EventJournal): Promise<void> {
  for (let page = journal.read(0, PAGE); page.length > 0; page = journal.read(page.at(-1)!.seq, PAGE)) {
    await new Promise<void>((resolve) => socket.send(JSON.stringify({ kind: 'events', events: page }), () => resolve()));
  }
}
