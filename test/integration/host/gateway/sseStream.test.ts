import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorEnvelopeSchema, StreamResyncMessageSchema } from '../../../../host/protocol/index.ts';
import { ManualClock } from '../../../fakes/manualClock.ts';
import { auth, expectContiguous, newEvents, startGateway, TOKENS } from './gatewayFixture.ts';
import type { SseRecorder } from './streamRecorders.ts';
import { recordSseEvents, recordWebSocketEvents } from './streamRecorders.ts';

async function openSse(...args: Parameters<typeof recordSseEvents>): Promise<SseRecorder> {
  const outcome = await recordSseEvents(...args);
  if ('status' in outcome) assert.fail(`SSE refused: ${outcome.status} ${outcome.text}`);
  return outcome;
}

test('SSE and WebSocket deliver the same seqs, replay then live, while appends race the connects', async (t) => {
  const gw = await startGateway(t, { streamPageSize: 64 }, { transport: 'tcp' });
  await gw.journal.append(newEvents(700));

  const producing = (async () => { for (let batch = 0; batch < 100; batch++) await gw.journal.append(newEvents(3)); })();
  const [ws, sse, sseLater] = await Promise.all([
    recordWebSocketEvents(gw.endpoint, 0, auth(TOKENS.viewer)),
    openSse(gw.endpoint, '?cursor=0', auth(TOKENS.viewer)),
    openSse(gw.endpoint, '?cursor=650', auth(TOKENS.viewer)),
  ]);
  assert.ok(gw.journal.head() < 1000, 'appends were still running while the streams connected');
  await producing;
  await Promise.all([ws.reach(1000), sse.reach(1000), sseLater.reach(1000)]);

  assert.equal(expectContiguous(ws.seqs, 1, 1000), undefined);
  assert.deepEqual(sse.seqs, ws.seqs);
  assert.deepEqual(sse.events, ws.events, 'the same envelopes, byte for byte after parsing');
  assert.equal(expectContiguous(sseLater.seqs, 651, 1000), undefined);
  assert.equal(sse.blocks[0]?.retry, '1000', 'the stream opens with a reconnect delay');
  ws.socket.close();
  sse.close();
  sseLater.close();
});

test('Last-Event-ID, as a reconnecting EventSource sends it, wins over ?cursor=', async (t) => {
  const gw = await startGateway(t);
  await gw.journal.append(newEvents(10));

  const resumed = await openSse(gw.socketPath, '?cursor=2', { ...auth(TOKENS.viewer), 'last-event-id': '7' });
  await resumed.reach(10);
  assert.deepEqual(resumed.seqs, [8, 9, 10]);
  resumed.close();

  for (const [headers, status, code] of [
    [{ 'last-event-id': 'x7' }, 400, 'invalid_request'],
    [{ 'last-event-id': '11' }, 409, 'conflict'],
    [{}, 401, 'unauthorized'],
  ] as const) {
    const refused = await recordSseEvents(gw.socketPath, '', { ...(status === 401 ? {} : auth(TOKENS.viewer)), ...headers });
    assert.ok('status' in refused);
    assert.equal(refused.status, status);
    assert.equal(ErrorEnvelopeSchema.parse(JSON.parse(refused.text)).error.code, code);
  }
});

test('an idle SSE stream gets a heartbeat comment on every beat', async (t) => {
  const clock = new ManualClock();
  const gw = await startGateway(t, { heartbeatIntervalMs: 1000 }, { clock });
  const sse = await openSse(gw.socketPath, '', auth(TOKENS.viewer));
  await sse.until((block) => block.retry !== undefined, 'the opening block');

  clock.advance(1000);
  await sse.until((block) => block.comment === 'heartbeat', 'a heartbeat comment');
  assert.equal(sse.events.length, 0, 'comments are not events');
  sse.close();
});

test('a slow SSE subscriber gets a resync event at its last sent id, and the response ends', async (t) => {
  const gw = await startGateway(t, { maxStreamBufferedBytes: 64 * 1024 }, { transport: 'tcp' });
  await gw.journal.append(newEvents(1));
  const sse = await openSse(gw.endpoint, '', auth(TOKENS.viewer));
  await sse.reach(1);

  sse.response.pause();
  const bulky = newEvents(20).map((event) => ({ ...event, payload: { text: 'x'.repeat(20_000) } }));
  for (let batch = 0; batch < 200 && gw.server.health().streams.events.resyncs === 0; batch++) await gw.journal.append(bulky);
  assert.equal(gw.server.health().streams.events.resyncs, 1, 'the gateway gave up on the slow subscriber');
  await gw.journal.append(newEvents(5));
  sse.response.resume();
  await sse.ended.promise;

  const resync = sse.blocks.find((block) => block.event === 'resync');
  const message = StreamResyncMessageSchema.parse(JSON.parse(resync?.data ?? 'null'));
  assert.equal(message.cursor, sse.seqs.at(-1), 'resume from the last id received');
  assert.equal(expectContiguous(sse.seqs, 1, message.cursor), undefined);
  assert.ok(message.cursor < gw.journal.head());

  const resumed = await openSse(gw.endpoint, '', { ...auth(TOKENS.viewer), 'last-event-id': String(message.cursor) });
  await resumed.reach(gw.journal.head());
  assert.equal(expectContiguous([...sse.seqs, ...resumed.seqs], 1, gw.journal.head()), undefined, 'no gap and no duplicate across the resync');
  resumed.close();
});
