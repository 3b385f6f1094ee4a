import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorEnvelopeSchema } from '../../../../host/protocol/index.ts';
import { httpRequest, openRawSocket, startGateway, TOKENS } from './gatewayFixture.ts';
import { WebSocketEventRecorder } from './streamRecorders.ts';

test('a browser-style WebSocket authenticates with the subprotocol bearer.<token>; the gateway selects opensymphony.v1', async (t) => {
  const gw = await startGateway(t, {}, { transport: 'tls' });
  await gw.journal.append([{ type: 'run.output', actor: { kind: 'host' }, summary: 'hello', payload: {} }]);
  const recorder = new WebSocketEventRecorder();

  const outcome = await openRawSocket(gw.endpoint, '/api/v1/streams/events?cursor=0', {}, {
    protocols: ['opensymphony.v1', `bearer.${TOKENS.viewer}`],
    setup: (socket) => recorder.attach(socket),
  });
  assert.ok('socket' in outcome, JSON.stringify(outcome));
  assert.equal(outcome.socket.protocol, 'opensymphony.v1');
  assert.ok(!JSON.stringify(outcome.responseHeaders).includes(TOKENS.viewer), 'the token is not echoed when opensymphony.v1 is offered');
  await recorder.reach(1);
  outcome.socket.close();
});

test('offered alone, the bearer subprotocol is echoed, as browsers require', async (t) => {
  const gw = await startGateway(t, {}, { transport: 'tcp' });

  const outcome = await openRawSocket(gw.endpoint, '/api/v1/streams/events', {}, { protocols: [`bearer.${TOKENS.operator}`] });
  assert.ok('socket' in outcome);
  assert.equal(outcome.socket.protocol, `bearer.${TOKENS.operator}`);
  outcome.socket.close();
});

test('a wrong bearer subprotocol is 401, and plain HTTP does not accept the subprotocol header', async (t) => {
  const gw = await startGateway(t, {}, { transport: 'tcp' });

  const refused = await openRawSocket(gw.endpoint, '/api/v1/streams/events', {}, { protocols: ['opensymphony.v1', 'bearer.wrong-token-0123456789abcdef'] });
  assert.ok(!('socket' in refused));
  assert.equal(refused.status, 401);
  assert.equal(ErrorEnvelopeSchema.parse(refused.json).error.code, 'unauthorized');
  const plain = await httpRequest(gw.endpoint, { path: '/healthz', headers: { 'sec-websocket-protocol': `bearer.${TOKENS.admin}` } });
  assert.equal(plain.status, 401);
  assert.ok(gw.logLines.every((line) => !line.includes('wrong-token') && !line.includes(TOKENS.admin)));
});
