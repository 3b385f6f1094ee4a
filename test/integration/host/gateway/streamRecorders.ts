import assert from 'node:assert/strict';
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { EventEnvelopeSchema, EventStreamMessageSchema } from '../../../../host/protocol/index.ts';
import type { EventEnvelope, EventStreamMessage } from '../../../../host/protocol/index.ts';
import { deferred } from './gatewayFixture.ts';
import { openRawSocket, startRequest } from './gatewayEndpoint.ts';
import type { Target } from './gatewayEndpoint.ts';

/** Seqs received so far, and a wait for a given one. */
class SeqLog {
  readonly seqs: number[] = [];
  private waiter: { seq: number; resolve: () => void } | undefined;

  add(seqs: readonly number[]): void {
    this.seqs.push(...seqs);
    if (this.waiter && (this.seqs.at(-1) ?? 0) >= this.waiter.seq) this.waiter.resolve();
  }

  /** Resolves once an item with seq >= `seq` arrived. */
  reach(seq: number): Promise<void> {
    if ((this.seqs.at(-1) ?? 0) >= seq) return Promise.resolve();
    const wait = deferred(`seq ${seq} (have ${this.seqs.at(-1) ?? 0})`);
    this.waiter = { seq, resolve: () => wait.resolve() };
    return wait.promise;
  }
}

/** Every message of a raw events WebSocket (no client-side dedupe), validated by the schema. */
export class WebSocketEventRecorder extends SeqLog {
  readonly messages: EventStreamMessage[] = [];
  readonly events: EventEnvelope[] = [];
  readonly closed = deferred<number>('the socket to close');
  socket!: WebSocket;

  attach(socket: WebSocket): void {
    this.socket = socket;
    socket.on('message', (data, isBinary) => {
      assert.equal(isBinary, false);
      const message = EventStreamMessageSchema.parse(JSON.parse(String(data)));
      this.messages.push(message);
      if (message.kind === 'events') {
        this.events.push(...message.events);
        this.add(message.events.map((event) => event.seq));
      }
    });
    socket.on('close', (code) => this.closed.resolve(code));
  }
}

/** Opens the events WebSocket (or another events stream at `path`) at `cursor` and records it; fails when the upgrade is refused. */
export async function recordWebSocketEvents(target: Target, cursor: number, headers: Record<string, string>, options: { autoPong?: boolean; path?: string } = {}): Promise<WebSocketEventRecorder> {
  const recorder = new WebSocketEventRecorder();
  const { path = '/api/v1/streams/events', ...socketOptions } = options;
  const outcome = await openRawSocket(target, `${path}?cursor=${cursor}`, headers, { ...socketOptions, setup: (socket) => recorder.attach(socket) });
  assert.ok('socket' in outcome, `upgrade refused: ${JSON.stringify(outcome)}`);
  return recorder;
}

/** One parsed Server-Sent Events block. */
export interface SseMessage {
  id?: string;
  event?: string;
  data?: string;
  comment?: string;
  retry?: string;
}

/** Every block of an SSE response, parsed by the rules of text/event-stream. */
export class SseRecorder extends SeqLog {
  readonly blocks: SseMessage[] = [];
  readonly events: EventEnvelope[] = [];
  /** Settles when the response ends; set once a 200 response is attached. */
  ended!: ReturnType<typeof deferred<void>>;
  response!: IncomingMessage;
  request!: ClientRequest;
  private buffer = '';
  private blockWaiter: { predicate: (block: SseMessage) => boolean; resolve: () => void } | undefined;

  attach(res: IncomingMessage): void {
    this.response = res;
    this.ended = deferred('the SSE response to end');
    res.setEncoding('utf8');
    res.on('data', (text: string) => this.receive(text));
    res.on('end', () => this.ended.resolve());
    res.on('close', () => this.ended.resolve());
  }

  /** Resolves once a block matching `predicate` arrived. */
  until(predicate: (block: SseMessage) => boolean, what: string): Promise<void> {
    if (this.blocks.some(predicate)) return Promise.resolve();
    const wait = deferred(what);
    this.blockWaiter = { predicate, resolve: () => wait.resolve() };
    return wait.promise;
  }

  close(): void {
    this.request.destroy();
  }

  private receive(text: string): void {
    this.buffer += text;
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) !== -1) {
      const block = parseBlock(this.buffer.slice(0, end));
      this.buffer = this.buffer.slice(end + 2);
      this.blocks.push(block);
      if (block.data !== undefined && block.event === undefined) {
        const event = EventEnvelopeSchema.parse(JSON.parse(block.data));
        assert.equal(block.id, String(event.seq), 'the SSE id is the seq');
        this.events.push(event);
        this.add([event.seq]);
      }
      if (this.blockWaiter?.predicate(block)) this.blockWaiter.resolve();
    }
  }
}

function parseBlock(text: string): SseMessage {
  const block: SseMessage = {};
  for (const line of text.split('\n')) {
    if (line.startsWith(':')) { block.comment = line.slice(1).trim(); continue; }
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'id' || field === 'event' || field === 'data' || field === 'retry') block[field] = block[field] === undefined || field !== 'data' ? value : `${block[field]}\n${value}`;
  }
  return block;
}

/** Opens `GET /api/v1/events/stream` (or another SSE path) and records it; resolves with the status when it is not 200. */
export function recordSseEvents(target: Target, query: string, headers: Record<string, string>, path = '/api/v1/events/stream'): Promise<SseRecorder | { status: number; text: string }> {
  const recorder = new SseRecorder();
  return new Promise((resolve, reject) => {
    recorder.request = startRequest(target, { path: `${path}${query}`, headers }, (res) => {
      if (res.statusCode !== 200) {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => { text += chunk; });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
        return;
      }
      assert.match(String(res.headers['content-type']), /^text\/event-stream/);
      recorder.attach(res);
      resolve(recorder);
    });
    recorder.request.on('error', (error) => { if (!recorder.response) reject(error); });
    recorder.request.end();
  });
}
