import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StreamCloseCode } from '../../../../host/protocol/index.ts';
import { auth, expectContiguous, newEvents, openRawSocket, startGateway, TOKENS } from './gatewayFixture.ts';
import { recordSseEvents, recordWebSocketEvents, WebSocketEventRecorder } from './streamRecorders.ts';

test('health counts subscribers by stream and transport, and their lag behind the journal', async (t) => {
  const gw = await startGateway(t, {}, { transport: 'tcp' });
  await gw.journal.append(newEvents(5));
  assert.deepEqual(gw.server.health().streams.events, { subscribers: 0, by_transport: { websocket: 0, sse: 0 }, max_lag: 0, total_lag: 0, resyncs: 0 });

  const ws = await recordWebSocketEvents(gw.endpoint, 0, auth(TOKENS.viewer));
  const sse = await recordSseEvents(gw.endpoint, '?cursor=5', auth(TOKENS.viewer));
  const terminal = await openRawSocket(gw.endpoint, '/api/v1/streams/terminal/run-1', auth(TOKENS.viewer));
  await ws.reach(5);
  const health = gw.server.health();

  assert.deepEqual(health.streams.events, { subscribers: 2, by_transport: { websocket: 1, sse: 1 }, max_lag: 0, total_lag: 0, resyncs: 0 });
  assert.equal(health.streams.terminal.subscribers, 1);
  assert.deepEqual(health.listeners.map((listener) => listener.kind), ['socket', 'tcp']);
  ws.socket.close();
  await ws.closed.promise;
  assert.equal(gw.server.health().streams.events.by_transport.websocket, 0, 'a closed socket leaves the count');
  assert.ok('socket' in terminal);
  terminal.socket.close();
  if (!('status' in sse)) sse.close();
});

test('a subscriber that does not read shows how many events it lags; once it reads, the lag is gone', async (t) => {
  const gw = await startGateway(t, { streamPageSize: 10 });
  await gw.journal.append(newEvents(300).map((event) => ({ ...event, payload: { text: 'x'.repeat(20_000) } })));
  const recorder = new WebSocketEventRecorder();
  const outcome = await openRawSocket(gw.socketPath, '/api/v1/streams/events?cursor=0', auth(TOKENS.viewer), {
    setup: (socket) => {
      recorder.attach(socket);
      socket.once('open', () => socket.pause());
    },
  });
  assert.ok('socket' in outcome);

  const lagging = gw.server.health().streams.events;
  assert.equal(lagging.subscribers, 1);
  assert.ok(lagging.max_lag > 0 && lagging.max_lag <= 300, `6 MB cannot all be in flight to a paused reader (lag ${lagging.max_lag})`);
  assert.equal(lagging.total_lag, lagging.max_lag);
  outcome.socket.resume();
  await recorder.reach(300);
  assert.equal(gw.server.health().streams.events.max_lag, 0);
  outcome.socket.close();
});

test('over TCP, a subscriber that stops reading is told to resync, and resumes from its cursor without gap or duplicate', async (t) => {
  const gw = await startGateway(t, { maxStreamBufferedBytes: 64 * 1024 }, { transport: 'tcp' });
  await gw.journal.append(newEvents(1));
  const slow = await recordWebSocketEvents(gw.endpoint, 0, auth(TOKENS.viewer));
  await slow.reach(1);

  slow.socket.pause();
  const bulky = newEvents(20).map((event) => ({ ...event, payload: { text: 'x'.repeat(20_000) } }));
  for (let batch = 0; batch < 200 && gw.server.health().streams.events.resyncs === 0; batch++) await gw.journal.append(bulky);
  const health = gw.server.health().streams.events;
  assert.equal(health.resyncs, 1);
  assert.equal(health.subscribers, 0, 'the resynced subscriber is gone');
  await gw.journal.append(newEvents(5));
  slow.socket.resume();

  assert.equal(await slow.closed.promise, StreamCloseCode.resync);
  const resync = slow.messages.at(-1);
  assert.ok(resync?.kind === 'resync');
  assert.equal(resync.cursor, slow.seqs.at(-1));
  const resumed = await recordWebSocketEvents(gw.endpoint, resync.cursor, auth(TOKENS.viewer));
  await resumed.reach(gw.journal.head());
  assert.equal(expectContiguous([...slow.seqs, ...resumed.seqs], 1, gw.journal.head()), undefined);
  resumed.socket.close();
});
