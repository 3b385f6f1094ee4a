import assert from 'node:assert/strict';
import { test } from 'node:test';
import { GatewayClient } from '../../../../host/client/gatewayClient.ts';
import type { GatewayClientError } from '../../../../host/client/gatewayClientError.ts';
import type { StreamStatus } from '../../../../host/client/reconnectingSocket.ts';
import { encodePackedTerminalFrame, encodeTerminalFrame, SCHEMA_VERSION } from '../../../../host/protocol/index.ts';
import { ManualClock } from '../../../fakes/manualClock.ts';
import { eventsMessage, ScriptedStreamServer } from './scriptedStreamServer.ts';

type TestContext = { after(fn: () => void | Promise<void>): void };

/** What a subscription reported, with waits driven by those reports (no sleeping). */
class Observed {
  readonly seqs: number[] = [];
  readonly statuses: StreamStatus[] = [];
  readonly errors: GatewayClientError[] = [];
  private readonly checks = new Set<() => void>();

  readonly onStatus = (status: StreamStatus): void => { this.statuses.push(status); this.notify(); };
  readonly onError = (error: GatewayClientError): void => { this.errors.push(error); this.notify(); };
  record(seqs: number[]): void { this.seqs.push(...seqs); this.notify(); }

  until(what: string, predicate: () => boolean): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.checks.delete(check); reject(new Error(`timed out waiting for ${what}`)); }, 5000);
      const check = (): void => { if (predicate()) { clearTimeout(timer); this.checks.delete(check); resolve(); } };
      this.checks.add(check);
    });
  }

  private notify(): void {
    for (const check of [...this.checks]) check();
  }
}

async function setup(t: TestContext): Promise<{ server: ScriptedStreamServer; clock: ManualClock; client: GatewayClient }> {
  const server = await ScriptedStreamServer.start();
  const clock = new ManualClock();
  const client = new GatewayClient({ socketPath: server.socketPath, token: 'tok', clock, reconnectBackoff: { initialMs: 100, maxMs: 400, jitter: 0 } });
  t.after(async () => { client.dispose(); await server.close(); });
  return { server, clock, client };
}

const resync = (cursor: number): string => JSON.stringify({ kind: 'resync', schema_version: SCHEMA_VERSION, cursor, reason: 'behind' });

test('after a resync the subscription reconnects at once from its last seq and drops replayed duplicates', async (t) => {
  const { server, clock, client } = await setup(t);
  const seen = new Observed();
  const subscription = client.subscribeEvents({ cursor: 0, onEvents: (events) => seen.record(events.map((event) => event.seq)), onStatus: seen.onStatus });

  const first = await server.nextConnection();
  assert.equal(first.url.pathname, '/api/v1/streams/events');
  assert.equal(first.url.searchParams.get('cursor'), '0');
  assert.equal(first.request.headers.authorization, 'Bearer tok');
  first.socket.send(eventsMessage([1, 2, 3]));
  first.socket.send(resync(3));
  first.socket.close(4000, 'resync');
  await seen.until('reconnecting', () => seen.statuses.at(-1) === 'reconnecting');
  assert.equal(clock.pendingTimers, 1);
  clock.advance(0);

  const second = await server.nextConnection();
  assert.equal(second.url.searchParams.get('cursor'), '3');
  second.socket.send(eventsMessage([2, 3, 4, 5]));
  await seen.until('seq 5', () => seen.seqs.at(-1) === 5);

  assert.deepEqual(seen.seqs, [1, 2, 3, 4, 5]);
  assert.equal(subscription.cursor, 5);
  assert.deepEqual(seen.statuses, ['connected', 'reconnecting', 'connected']);
});

test('reconnect delays grow while the gateway is unavailable and reset after a healthy connection', async (t) => {
  const { server, clock, client } = await setup(t);
  const seen = new Observed();
  server.refuseWith = { status: 503, code: 'unavailable' };
  client.subscribeEvents({ cursor: 7, onEvents: () => {}, onStatus: seen.onStatus, onError: seen.onError });

  const failures = async (count: number): Promise<void> => {
    await seen.until(`${count} failures`, () => seen.errors.length === count);
    assert.equal(seen.errors.at(-1)?.code, 'unavailable');
  };
  const expectRetryAfter = (delayMs: number): void => {
    clock.advance(delayMs - 1);
    assert.equal(clock.pendingTimers, 1, `no retry before ${delayMs} ms`);
    clock.advance(1);
    assert.equal(clock.pendingTimers, 0, `retry at ${delayMs} ms`);
  };
  await failures(1);
  expectRetryAfter(100);
  await failures(2);
  expectRetryAfter(200);
  await failures(3);
  expectRetryAfter(400);
  await failures(4);
  server.refuseWith = undefined;
  expectRetryAfter(400);

  const connection = await server.nextConnection();
  assert.equal(connection.url.searchParams.get('cursor'), '7');
  await seen.until('connected', () => seen.statuses.at(-1) === 'connected');
  clock.advance(1000);
  connection.socket.terminate();
  await seen.until('reconnecting', () => seen.statuses.at(-1) === 'reconnecting');
  clock.advance(99);
  assert.equal(clock.pendingTimers, 1);
  clock.advance(1);
  assert.equal(clock.pendingTimers, 0, 'back to the initial delay after a healthy connection');
});

test('errors that a retry cannot fix close the subscription without retrying', async (t) => {
  const { server, clock, client } = await setup(t);
  const seen = new Observed();
  server.refuseWith = { status: 401, code: 'unauthorized' };

  client.subscribeEvents({ cursor: 0, onEvents: () => {}, onStatus: seen.onStatus, onError: seen.onError });
  await seen.until('closed', () => seen.statuses.at(-1) === 'closed');

  assert.deepEqual(seen.errors.map((error) => [error.code, error.status]), [['unauthorized', 401]]);
  assert.equal(clock.pendingTimers, 0);
  assert.equal(server.upgrades, 1);
});

test('a malformed message is a protocol error: the socket is dropped and resumed from the last good seq', async (t) => {
  const { server, clock, client } = await setup(t);
  const seen = new Observed();
  client.subscribeEvents({ cursor: 0, onEvents: (events) => seen.record(events.map((event) => event.seq)), onError: seen.onError });

  const first = await server.nextConnection();
  first.socket.send(eventsMessage([1, 2]));
  first.socket.send(JSON.stringify({ kind: 'hello-from-the-future', anything: true }));
  first.socket.send(JSON.stringify({ kind: 'events', schema_version: SCHEMA_VERSION, events: [{ seq: 'three' }] }));
  await seen.until('protocol error', () => seen.errors.length === 1);
  assert.equal(seen.errors[0]?.code, 'invalid_response');
  clock.advance(100);

  const second = await server.nextConnection();
  assert.equal(second.url.searchParams.get('cursor'), '2');
  second.socket.send(eventsMessage([3]));
  await seen.until('seq 3', () => seen.seqs.at(-1) === 3);
  assert.deepEqual(seen.seqs, [1, 2, 3]);
});

test('disposing a subscription closes its socket and cancels any pending reconnect', async (t) => {
  const { server, clock, client } = await setup(t);
  const seen = new Observed();
  const subscription = client.subscribeEvents({ cursor: 0, onEvents: () => {}, onStatus: seen.onStatus });
  const connection = await server.nextConnection();
  const serverSideClosed = new Promise<void>((resolve) => connection.socket.once('close', () => resolve()));

  connection.socket.terminate();
  await seen.until('reconnecting', () => seen.statuses.at(-1) === 'reconnecting');
  subscription.dispose();
  await serverSideClosed;

  assert.equal(clock.pendingTimers, 0);
  assert.equal(seen.statuses.at(-1), 'closed');
});

test('terminal subscriptions decode binary frames, resume by chunk seq and reject foreign streams', async (t) => {
  const { server, clock, client } = await setup(t);
  const seen = new Observed();
  const texts: string[] = [];
  client.subscribeTerminal({
    streamId: 'run/1', cursor: 0, onError: seen.onError,
    onChunk: (chunk) => { texts.push(new TextDecoder().decode(chunk.data)); seen.record([chunk.seq]); },
  });
  const frame = (seq: number, streamId = 'run/1'): Uint8Array => encodeTerminalFrame(streamId, seq, new TextEncoder().encode(`out ${seq}`));

  const first = await server.nextConnection();
  assert.equal(first.url.pathname, '/api/v1/streams/terminal/run%2F1');
  first.socket.send(frame(1));
  first.socket.send(frame(2));
  first.socket.send(frame(3, 'someone-else'));
  await seen.until('protocol error', () => seen.errors.length === 1);
  clock.advance(100);

  const second = await server.nextConnection();
  assert.equal(second.url.searchParams.get('cursor'), '2');
  for (const seq of [2, 3]) second.socket.send(frame(seq));
  await seen.until('chunk 3', () => seen.seqs.at(-1) === 3);
  assert.deepEqual(texts, ['out 1', 'out 2', 'out 3']);
});

test('packed terminal frames resume from the last chunk they cover; a frame that skips or repeats chunks forces a reconnect', async (t) => {
  const { server, clock, client } = await setup(t);
  const seen = new Observed();
  const texts: string[] = [];
  client.subscribeTerminal({
    streamId: 'run-1', cursor: 0, onError: seen.onError,
    onChunk: (chunk) => { texts.push(new TextDecoder().decode(chunk.data)); seen.record([chunk.firstSeq, chunk.seq]); },
  });
  const packed = (seq: number, parts: string[]): Uint8Array => encodePackedTerminalFrame('run-1', seq, parts.map((part) => new TextEncoder().encode(part)));

  const first = await server.nextConnection();
  first.socket.send(packed(3, ['a', 'b', 'c']));
  first.socket.send(packed(6, ['e', 'f']));
  await seen.until('protocol error', () => seen.errors.length === 1);
  assert.match(seen.errors[0]!.message, /covers chunks 5\.\.6 but the stream is at 3/);
  clock.advance(100);

  const second = await server.nextConnection();
  assert.equal(second.url.searchParams.get('cursor'), '3');
  second.socket.send(packed(3, ['a', 'b', 'c']));
  second.socket.send(packed(6, ['d', 'e', 'f']));
  await seen.until('chunk 6', () => seen.seqs.at(-1) === 6);
  assert.deepEqual(texts, ['abc', 'def']);
  assert.deepEqual(seen.seqs, [1, 3, 4, 6]);
});
