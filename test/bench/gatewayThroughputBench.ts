import type { WebSocket } from 'ws';
import { CursorStream } from '../../host/gateway/cursorStream.ts';
import type { CursorSource } from '../../host/gateway/cursorStream.ts';
import { silentGatewayLog } from '../../host/gateway/gatewayLog.ts';
import { packTerminalChunks } from '../../host/gateway/terminalFramePacker.ts';
import { WebSocketSink } from '../../host/gateway/webSocketSink.ts';
import type { EventJournal, TerminalChunk } from '../../host/journal/eventJournal.ts';
import { encodeTerminalFrame } from '../../host/protocol/index.ts';
import type { BenchResult } from './benchResult.ts';
import { median } from './benchResult.ts';
import { runClient, sendPaced, startBenchGateway, startRawServer } from './gatewayBenchSetup.ts';
import { terminalChunks } from './journalBenchData.ts';

const FRAMES = 200_000;
const FRAME_BYTES = 380;
const PAGE = 500;
const ROUNDS = 3;
const STREAM = 'bench-terminal';

/** A terminal chunk as a JSON text frame (base64 payload): the alternative to the binary codec. */
function jsonFrame(chunk: TerminalChunk): string {
  return JSON.stringify({ kind: 'terminal', stream_id: chunk.streamId, seq: chunk.seq, data: Buffer.from(chunk.data).toString('base64') });
}

/**
 * Terminal output over loopback WebSocket in 380-byte frames: the gateway replaying a stored
 * stream (SQLite read, encode, paced send, client decode), binary and JSON, against a bare ws
 * sender of the same frames to a bare receiver; and the live path (append while streaming).
 */
export async function runThroughputBench(dir: string): Promise<BenchResult[]> {
  const gateway = await startBenchGateway(dir);
  const chunks = terminalChunks(FRAMES, FRAME_BYTES);
  for (let start = 0; start < FRAMES; start += PAGE) await Promise.all(chunks.slice(start, start + PAGE).map((data) => gateway.journal.appendTerminal(STREAM, data)));
  const stored = compact(gateway.journal.readTerminal(STREAM, 0, FRAMES));
  const rates = { gatewayBinary: [] as number[], gatewayJson: [] as number[], rawBinary: [] as number[], rawPacked: [] as number[], rawJson: [] as number[] };
  const jsonGateway = await startRawServer((socket) => { streamAsJson(socket, gateway.journal); });
  const rawBinary = await startRawServer((socket) => { void sendPaced(socket, stored.map((chunk) => encodeTerminalFrame(chunk.streamId, chunk.seq, chunk.data)), PAGE); });
  const packed = Array.from({ length: FRAMES / PAGE }, (_, page) => packTerminalChunks(stored.slice(page * PAGE, (page + 1) * PAGE)));
  const rawPacked = await startRawServer((socket) => { void sendPacedPages(socket, packed); });
  const rawJson = await startRawServer((socket) => { void sendPaced(socket, stored.map(jsonFrame), PAGE); });
  for (let round = 0; round < ROUNDS; round++) {
    rates.rawBinary.push(await receive({ url: rawBinary.url, encoding: 'binary' }));
    rates.gatewayBinary.push(await receive({ url: gateway.webSocketUrl(`/api/v1/streams/terminal/${STREAM}?cursor=0`), token: gateway.token, encoding: 'binary' }));
    rates.rawPacked.push(await receive({ url: rawPacked.url, encoding: 'binary' }));
    rates.rawJson.push(await receive({ url: rawJson.url, encoding: 'json' }));
    rates.gatewayJson.push(await receive({ url: jsonGateway.url, encoding: 'json' }));
  }
  const live = await measureLive(dir, chunks);
  await Promise.all([jsonGateway.close(), rawBinary.close(), rawPacked.close(), rawJson.close(), gateway.close()]);
  const [gatewayBinary, gatewayJson, rawBin, rawPack, rawJs] = [rates.gatewayBinary, rates.gatewayJson, rates.rawBinary, rates.rawPacked, rates.rawJson].map(median) as [number, number, number, number, number];
  const note = `${FRAME_BYTES}-byte frames, ${FRAMES.toLocaleString('en-US')} per run`;
  return [
    { bench: 'gateway', name: 'terminal replay, binary frames', value: gatewayBinary, unit: 'MB/s', note: `target ≥ 100; ${note}, packed ≤ 64 KiB per frame` },
    { bench: 'gateway', name: 'raw ws, binary frames', value: rawBin, unit: 'MB/s', note: `bare sender → bare receiver, one ${FRAME_BYTES}-byte chunk per frame` },
    { bench: 'gateway', name: 'terminal binary gateway/raw', value: gatewayBinary / rawBin, unit: '×', note: 'target ≥ 0.5' },
    { bench: 'gateway', name: 'raw ws, packed binary frames', value: rawPack, unit: 'MB/s', note: 'bare sender of the frames the gateway sends' },
    { bench: 'gateway', name: 'terminal binary gateway/raw packed', value: gatewayBinary / rawPack, unit: '×', note: 'the same frames without the gateway' },
    { bench: 'gateway', name: 'terminal replay, JSON frames', value: gatewayJson, unit: 'MB/s', note: 'same stream, base64 in JSON' },
    { bench: 'gateway', name: 'raw ws, JSON frames', value: rawJs, unit: 'MB/s' },
    { bench: 'gateway', name: 'terminal JSON gateway/raw', value: gatewayJson / rawJs, unit: '×' },
    { bench: 'gateway', name: 'terminal binary/JSON (gateway)', value: gatewayBinary / gatewayJson, unit: '×' },
    { bench: 'gateway', name: 'terminal live, append + stream', value: live, unit: 'MB/s', note: `${PAGE} chunks per tick, binary` },
  ];
}

/** The gateway's own cursor stream over the same journal, with a JSON frame encoder instead of the binary codec. */
function streamAsJson(socket: WebSocket, journal: EventJournal): void {
  const source: CursorSource<TerminalChunk> = {
    read: (cursor, limit) => journal.readTerminal(STREAM, cursor, limit),
    subscribe: (listener) => journal.onDidAppendTerminal((chunk) => { if (chunk.streamId === STREAM) listener([chunk]); }),
    seqOf: (chunk) => chunk.seq,
    head: () => journal.terminalHead(STREAM),
  };
  const stream = new CursorStream<TerminalChunk>({
    sink: new WebSocketSink<TerminalChunk>(socket, (chunks) => chunks.map(jsonFrame)), source, cursor: 0,
    options: { pageSize: PAGE, maxBufferedBytes: 8 * 1024 * 1024 }, log: silentGatewayLog,
  });
  socket.once('close', () => stream.dispose());
}

/**
 * The stored chunks as views of one buffer. The journal returns each chunk in its own allocation;
 * keeping 200,000 of those alive for the baselines taxed every garbage collection of the gateway
 * measured beside them.
 */
function compact(chunks: readonly TerminalChunk[]): TerminalChunk[] {
  const all = Buffer.concat(chunks.map((chunk) => chunk.data));
  let offset = 0;
  return chunks.map((chunk) => {
    const data = all.subarray(offset, offset + chunk.data.byteLength);
    offset += chunk.data.byteLength;
    return { streamId: chunk.streamId, seq: chunk.seq, data };
  });
}

/** Sends one page of frames at a time, each page after the previous one reached the socket: the replay's pacing. */
async function sendPacedPages(socket: WebSocket, pages: readonly Uint8Array[][]): Promise<void> {
  for (const page of pages) await sendPaced(socket, page, page.length);
}

/** A worker connects and receives every frame up to seq FRAMES; terminal megabytes per second. */
async function receive(target: { url: string; token?: string; encoding: 'binary' | 'json' }): Promise<number> {
  const { seconds } = await runClient<{ seconds: number }>({ kind: 'terminal', ...target, last: FRAMES });
  return (FRAMES * FRAME_BYTES) / seconds / 1e6;
}

/** Appends PAGE chunks per tick to a fresh stream while a worker client streams it live. */
async function measureLive(dir: string, chunks: readonly Buffer[]): Promise<number> {
  const gateway = await startBenchGateway(dir);
  const url = gateway.webSocketUrl(`/api/v1/streams/terminal/${STREAM}?cursor=0`);
  const received = runClient<{ seconds: number }>({ kind: 'terminal', url, token: gateway.token, encoding: 'binary', last: FRAMES });
  for (let start = 0; start < FRAMES; start += PAGE) await Promise.all(chunks.slice(start, start + PAGE).map((data) => gateway.journal.appendTerminal(STREAM, data)));
  const { seconds } = await received;
  await gateway.close();
  return (FRAMES * FRAME_BYTES) / seconds / 1e6;
}
