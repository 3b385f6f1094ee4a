import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { WebSocket } from 'ws';
import { ErrorEnvelopeSchema, EventStreamMessageSchema, StreamCloseCode } from '../../../../host/protocol/index.ts';
import type { EventStreamMessage } from '../../../../host/protocol/index.ts';
import type { GatewayFixture } from './gatewayFixture.ts';
import { auth, deferred, expectContiguous, httpRequest, newEvents, openRawSocket, startGateway } from './gatewayFixture.ts';

/** Records every message of a raw events socket (no client-side dedupe), validated by the schema. */
class StreamRecorder {
  readonly seqs: number[] = [];
  readonly messages: EventStreamMessage[] = [];
  closeCode: number | undefined;
  private waiter: { seq: number; resolve: () => void } | undefined;
  readonly closed = deferred<number>('the socket to close');

  constructor(socket: WebSocket) {
    socket.on('message', (data, isBinary) => {
      assert.equal(isBinary, false);
      const message = EventStreamMessageSchema.parse(JSON.parse(String(data)));
      this.messages.push(message);
      if (message.kind === 'events') this.seqs.push(...message.events.map((event) => event.seq));
      if (this.waiter && (this.seqs.at(-1) ?? 0) >= this.waiter.seq) this.waiter.resolve();
    });
    socket.on('close', (code) => { this.closeCode = code; this.closed.resolve(code); });
  }

  /** Resolves once an event with seq >= `seq` arrived. */
  reach(seq: number): Promise<void> {
    if ((this.seqs.at(-1) ?? 0) >= seq) return Promise.resolve();
    const wait = deferred(`seq ${seq} (have ${this.seqs.at(-1) ?? 0})`);
    this.waiter = { seq, resolve: () => wait.resolve() };
    return wait.promise;
  }
}

async function connect(gw: GatewayFixture, cursor: number, options: { autoPong?: boolean } = {}): Promise<{ socket: WebSocket; recorder: StreamRecorder }> {
  let recorder: StreamRecorder | undefined;
  const outcome = await openRawSocket(gw.socketPath, `/api/v1/streams/events?cursor=${cursor}`, auth(), {
    ...options,
    setup: (socket) => { recorder = new StreamRecorder(socket); },
  });
  assert.ok('socket' in outcome && recorder, `upgrade refused: ${JSON.stringify(outcome)}`);
  return { socket: outcome.socket, recorder };
}

/** Appends `batches` separate commits of `size` events, one per tick, while streams replay. */
async function produce(gw: GatewayFixture, batches: number, size: number): Promise<void> {
  for (let batch = 0; batch < batches; batch++) await gw.journal.append(newEvents(size));
}

test('replays from the cursor, then goes live, with no gap and no duplicate while appends race the replay', async (t) => {
  const gw = await startGateway(t, { streamPageSize: 50 });
  await gw.journal.append(newEvents(1000));

  const producing = produce(gw, 200, 5);
  const streams = await Promise.all([connect(gw, 0), connect(gw, 100), connect(gw, 999)]);
  assert.ok(gw.journal.head() < 2000, 'the appends were still running when the streams connected');
  await producing;
  assert.equal(gw.journal.head(), 2000);
  await Promise.all(streams.map(({ recorder }) => recorder.reach(2000)));

  assert.equal(expectContiguous(streams[0]?.recorder.seqs ?? [], 1, 2000), undefined);
  assert.equal(expectContiguous(streams[1]?.recorder.seqs ?? [], 101, 2000), undefined);
  assert.equal(expectContiguous(streams[2]?.recorder.seqs ?? [], 1000, 2000), undefined);
  for (const { socket } of streams) socket.close();
});

test('a client at the head receives only new events, in commit batches', async (t) => {
  const gw = await startGateway(t);
  await gw.journal.append(newEvents(3));
  const { recorder } = await connect(gw, 3);

  await Promise.all([gw.journal.append(newEvents(2)), gw.journal.append(newEvents(1))]);
  await gw.journal.append(newEvents(4));
  await recorder.reach(10);

  assert.deepEqual(recorder.seqs, [4, 5, 6, 7, 8, 9, 10]);
  assert.deepEqual(recorder.messages.map((message) => message.kind === 'events' && message.events.length), [3, 4], 'one message per group commit');
});

test('a client that stops reading is told to resync at its last sent seq and disconnected', async (t) => {
  const gw = await startGateway(t, { maxStreamBufferedBytes: 64 * 1024 });
  const { socket, recorder } = await connect(gw, 0);
  await gw.journal.append(newEvents(1));
  await recorder.reach(1);

  socket.pause();
  const bulky = newEvents(20).map((event) => ({ ...event, payload: { text: 'x'.repeat(20_000) } }));
  const resynced = (): boolean => gw.logLines.some((line) => line.includes('resync'));
  for (let batch = 0; batch < 100 && !resynced(); batch++) await gw.journal.append(bulky);
  assert.ok(resynced(), 'the gateway gave up on the slow client');
  await gw.journal.append(newEvents(5));
  socket.resume();

  assert.equal(await recorder.closed.promise, StreamCloseCode.resync);
  const last = recorder.messages.at(-1);
  assert.equal(last?.kind, 'resync');
  const lastSeq = recorder.seqs.at(-1) ?? 0;
  assert.equal(last.kind === 'resync' && last.cursor, lastSeq, 'the resync cursor is the last seq sent');
  assert.equal(expectContiguous(recorder.seqs, 1, lastSeq), undefined);
  assert.ok(lastSeq < gw.journal.head(), 'the slow client was cut off before the end of the journal');
});

test('a WebSocket client that never reads is cut off while every other client is served as before', async (t) => {
  const gw = await startGateway(t, { maxStreamBufferedBytes: 1024 * 1024 });
  const stalled = await connect(gw, 0);
  const healthy = await connect(gw, 0);
  stalled.socket.pause();

  const bulky = newEvents(10).map((event) => ({ ...event, payload: { text: 'x'.repeat(20_000) } }));
  for (let batch = 0; batch < 400 && gw.server.health().streams.events.resyncs === 0; batch++) await gw.journal.append(bulky);
  assert.equal(gw.server.health().streams.events.resyncs, 1, 'only the stalled client was told to resync');
  await gw.journal.append(newEvents(3));
  await healthy.recorder.reach(gw.journal.head());

  assert.equal(expectContiguous(healthy.recorder.seqs, 1, gw.journal.head()), undefined);
  assert.equal(healthy.recorder.closeCode, undefined, 'the healthy client stays connected');
  const capabilities = await httpRequest(gw.socketPath, { path: '/api/v1/capabilities', headers: auth() });
  assert.equal(capabilities.status, 200, 'REST answers as before');
  assert.equal(gw.server.health().streams.events.subscribers, 1);
  stalled.socket.terminate();
  healthy.socket.close();
});

test('the heartbeat terminates a stream client that does not answer pings', async (t) => {
  const gw = await startGateway(t, { heartbeatIntervalMs: 50 });
  const silent = await connect(gw, 0, { autoPong: false });

  assert.equal(await silent.recorder.closed.promise, 1006, 'terminated without a close frame');
});

test('stream upgrades with a bad cursor, a cursor past the head or an unknown path are refused', async (t) => {
  const gw = await startGateway(t);
  await gw.journal.append(newEvents(2));
  const refused = async (path: string, status: number, code: string): Promise<void> => {
    const outcome = await openRawSocket(gw.socketPath, path, auth());
    assert.ok(!('socket' in outcome), path);
    assert.equal(outcome.status, status, path);
    assert.equal(ErrorEnvelopeSchema.parse(outcome.json).error.code, code, path);
  };

  await refused('/api/v1/streams/events?cursor=-3', 400, 'invalid_request');
  await refused('/api/v1/streams/events?cursor=3', 409, 'conflict');
  await refused('/api/v1/streams/nope', 404, 'not_found');
  await refused('/api/v1/capabilities', 404, 'not_found');
});

test('closing the gateway closes stream sockets with 1001 going away', async (t) => {
  const gw = await startGateway(t);
  const { recorder } = await connect(gw, 0);

  await gw.server.close();

  assert.equal(await recorder.closed.promise, StreamCloseCode.goingAway);
});
