import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createGatewayServer } from '../../../../host/gateway/gatewayServer.ts';
import { openSqliteJournal } from '../../../../host/journal/sqliteEventJournal.ts';
import { ErrorEnvelopeSchema } from '../../../../host/protocol/index.ts';
import { FakeGatewayBackend } from './fakeGatewayBackend.ts';
import { auth, httpRequest, openRawSocket, startGateway, TOKEN } from './gatewayFixture.ts';

const WRONG_TOKEN = 'wrong-token-0123456789abcdef0123456789abcdef';

test('HTTP requests without the bearer token, or with a wrong one, are 401 with the error envelope', async (t) => {
  const gw = await startGateway(t);
  const attempts: Array<Record<string, string>> = [
    {},
    auth(WRONG_TOKEN),
    auth(TOKEN.slice(0, -1)),
    auth(`${TOKEN}x`),
    { authorization: `Basic ${TOKEN}` },
    { authorization: 'Bearer' },
  ];

  for (const headers of attempts) {
    for (const path of ['/healthz', '/api/v1/dashboard/snapshot', '/api/v1/does-not-exist']) {
      const response = await httpRequest(gw.socketPath, { path, headers });
      assert.equal(response.status, 401, `${path} with ${JSON.stringify(headers)}`);
      assert.equal(ErrorEnvelopeSchema.parse(response.json).error.code, 'unauthorized');
      assert.equal(response.headers['www-authenticate'], 'Bearer');
      assert.ok(!response.text.includes(TOKEN), 'the token never appears in a response');
    }
  }
  const mutation = await httpRequest(gw.socketPath, {
    method: 'POST', path: '/api/v1/actions/dispatch', headers: { 'idempotency-key': 'k' }, body: '{"issue_id":"iss-1"}',
  });
  assert.equal(mutation.status, 401);
  assert.equal(gw.backend.dispatches.length, 0);
  assert.equal((await httpRequest(gw.socketPath, { path: '/healthz', headers: { authorization: `bearer ${TOKEN}` } })).status, 200, 'the scheme is case-insensitive');
  assert.ok(gw.logLines.every((line) => !line.includes(TOKEN)), 'the token never appears in the log');
});

test('WebSocket upgrades without the bearer token, or with a wrong one, are refused with HTTP 401', async (t) => {
  const gw = await startGateway(t);

  for (const headers of [{}, auth(WRONG_TOKEN)]) {
    for (const path of ['/api/v1/streams/events?cursor=0', '/api/v1/streams/terminal/run-1']) {
      const outcome = await openRawSocket(gw.socketPath, path, headers);
      assert.ok(!('socket' in outcome), `${path} must not open`);
      assert.equal(outcome.status, 401);
      assert.equal(ErrorEnvelopeSchema.parse(outcome.json).error.code, 'unauthorized');
    }
  }
  const accepted = await openRawSocket(gw.socketPath, '/api/v1/streams/events?cursor=0', auth());
  assert.ok('socket' in accepted);
  accepted.socket.close();
});

test('a gateway refuses to start with a short token', () => {
  const journal = openSqliteJournal(':memory:');
  try {
    assert.throws(() => createGatewayServer({ journal, backend: new FakeGatewayBackend(), token: 'short' }), { code: 'gateway_token_too_short' });
  } finally {
    journal.dispose();
  }
});
