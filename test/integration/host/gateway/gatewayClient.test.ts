import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { GatewayClient } from '../../../../host/client/gatewayClient.ts';
import { GatewayClientError } from '../../../../host/client/gatewayClientError.ts';
import { newEvents, startGateway } from './gatewayFixture.ts';

function assertClientError(code: string, status?: number) {
  return (error: unknown): boolean => {
    assert.ok(error instanceof GatewayClientError, String(error));
    assert.equal(error.code, code);
    assert.equal(error.status, status);
    return true;
  };
}

test('typed REST calls parse the gateway answers', async (t) => {
  const gw = await startGateway(t);
  await gw.journal.append(newEvents(5));
  gw.backend.head = 5;
  const client = gw.client();

  assert.equal((await client.health()).status, 'ok');
  assert.equal((await client.ready()).status, 'ready');
  assert.deepEqual((await client.capabilities()).actions, ['dispatch', 'approval-decision']);
  assert.equal((await client.snapshot()).seq, 5);
  const page = await client.events(2, 2);
  assert.deepEqual([page.events.map((event) => event.seq), page.next_cursor, page.head], [[3, 4], 4, 5]);
  assert.equal((await client.events()).events.length, 5);
});

test('mutations generate an idempotency key, and a retry with the same key gets the same receipt', async (t) => {
  const gw = await startGateway(t);
  const client = gw.client();

  const first = await client.dispatch({ issue_id: 'iss-1' });
  const second = await client.dispatch({ issue_id: 'iss-1' });
  assert.notEqual(first.idempotency_key, second.idempotency_key, 'each call without a key is a new intent');
  assert.equal(gw.backend.dispatches.length, 2);

  const decided = await client.decideApproval({ approval_id: 'apr-1', decision: 'approve' }, { idempotencyKey: 'approval-apr-1-approve' });
  const retried = await client.decideApproval({ approval_id: 'apr-1', decision: 'approve' }, { idempotencyKey: 'approval-apr-1-approve' });
  assert.deepEqual(retried, decided);
  assert.equal(gw.backend.decisions.length, 1);
  await assert.rejects(
    client.decideApproval({ approval_id: 'apr-1', decision: 'deny' }, { idempotencyKey: 'approval-apr-1-approve' }),
    assertClientError('conflict', 409),
  );
});

test('gateway errors surface with the envelope code, status and message', async (t) => {
  const gw = await startGateway(t);
  const wrongToken = gw.client({ token: 'not-the-token-0123456789abcdef' });

  await assert.rejects(wrongToken.health(), assertClientError('unauthorized', 401));
  await assert.rejects(gw.client().events(-1), (error: unknown) => {
    assert.ok(error instanceof GatewayClientError);
    assert.equal(error.code, 'invalid_request');
    assert.match(error.message, /cursor must be a non-negative integer/);
    return true;
  });
  gw.backend.ready = false;
  await assert.rejects(gw.client().ready(), assertClientError('unavailable', 503));
});

test('a socket with no host behind it is gateway_unreachable', async (t) => {
  const gw = await startGateway(t);
  const client = new GatewayClient({ socketPath: join(gw.dir, 'nobody.sock'), token: 'x'.repeat(32), mutationRetries: 1 });
  t.after(() => client.dispose());

  await assert.rejects(client.health(), (error: unknown) => {
    assertClientError('gateway_unreachable')(error);
    assert.match((error as Error).message, /is the OpenSymphony host running/);
    return true;
  });
  await assert.rejects(client.dispatch({ issue_id: 'iss-1' }), assertClientError('gateway_unreachable'));
});

test('an aborted request rejects with the abort reason', async (t) => {
  const gw = await startGateway(t);
  const controller = new AbortController();
  const release = gw.backend.hold();
  t.after(release);

  const pending = gw.client().dispatch({ issue_id: 'iss-1' }, { signal: controller.signal });
  controller.abort(new Error('user cancelled'));

  await assert.rejects(pending, /user cancelled/);
});

test('a request that gets no answer in time is gateway_timeout', async (t) => {
  const gw = await startGateway(t);
  const release = gw.backend.hold();
  t.after(release);

  await assert.rejects(gw.client({ requestTimeoutMs: 50 }).dispatch({ issue_id: 'iss-1' }), assertClientError('gateway_timeout'));
});

test('waitForReady resolves once the host becomes ready', async (t) => {
  const gw = await startGateway(t);
  gw.backend.ready = false;
  gw.backend.onReadyProbe = () => { if (gw.backend.readyProbes === 3) gw.backend.ready = true; };

  await gw.client().waitForReady({ timeoutMs: 10_000 });

  assert.ok(gw.backend.readyProbes >= 3);
});

test('waitForReady keeps polling while nothing listens yet', async (t) => {
  const gw = await startGateway(t);
  await gw.server.close();
  const client = gw.client();
  const waiting = client.waitForReady({ timeoutMs: 10_000 });

  await assert.rejects(client.health(), assertClientError('gateway_unreachable'));
  await gw.restart();

  await waiting;
});

test('waitForReady gives up after its timeout, on abort, and at once on a wrong token', async (t) => {
  const gw = await startGateway(t);
  gw.backend.ready = false;

  await assert.rejects(gw.client().waitForReady({ timeoutMs: 300 }), (error: unknown) => {
    assertClientError('gateway_not_ready')(error);
    assert.match((error as Error).message, /not ready within 300 ms/);
    return true;
  });
  const controller = new AbortController();
  const aborted = gw.client().waitForReady({ timeoutMs: 10_000, signal: controller.signal });
  controller.abort(new Error('host exited'));
  await assert.rejects(aborted, /host exited/);
  gw.backend.ready = true;
  await assert.rejects(gw.client({ token: 'wrong-token-0123456789abcdef' }).waitForReady({ timeoutMs: 10_000 }), assertClientError('unauthorized', 401));
});

test('a disposed client refuses new subscriptions', async (t) => {
  const gw = await startGateway(t);
  const client = gw.client();
  client.dispose();

  assert.throws(() => client.subscribeEvents({ cursor: 0, onEvents: () => {} }), { code: 'client_disposed' });
});
