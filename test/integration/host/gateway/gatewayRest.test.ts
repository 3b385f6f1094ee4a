import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  ActionReceiptSchema, CapabilitiesSchema, DashboardSnapshotSchema, ErrorEnvelopeSchema, EventPageSchema, SCHEMA_VERSION,
} from '../../../../host/protocol/index.ts';
import { auth, deferred, httpRequest, newEvents, startGateway } from './gatewayFixture.ts';
import type { RawResponse } from './gatewayFixture.ts';

function assertError(response: RawResponse, status: number, code: string): string {
  assert.equal(response.status, status, response.text);
  const envelope = ErrorEnvelopeSchema.parse(response.json);
  assert.equal(envelope.error.code, code);
  assert.equal((response.json as { schema_version?: number }).schema_version, SCHEMA_VERSION);
  assert.match(String(response.headers['content-type']), /^application\/json/);
  return envelope.error.message;
}

test('liveness, readiness, capabilities and snapshot answer versioned JSON', async (t) => {
  const gw = await startGateway(t);

  const health = await httpRequest(gw.socketPath, { path: '/healthz', headers: auth() });
  assert.deepEqual([health.status, health.json], [200, { schema_version: SCHEMA_VERSION, status: 'ok' }]);
  const ready = await httpRequest(gw.socketPath, { path: '/readyz', headers: auth() });
  assert.deepEqual([ready.status, ready.json], [200, { schema_version: SCHEMA_VERSION, status: 'ready' }]);
  const capabilities = await httpRequest(gw.socketPath, { path: '/api/v1/capabilities', headers: auth() });
  assert.equal(CapabilitiesSchema.parse(capabilities.json).schema_version, SCHEMA_VERSION);
  const snapshot = await httpRequest(gw.socketPath, { path: '/api/v1/dashboard/snapshot', headers: auth() });
  assert.equal(DashboardSnapshotSchema.parse(snapshot.json).seq, 0);
  assert.equal(snapshot.headers['cache-control'], 'no-store');
});

test('while the host starts, readyz, the snapshot and mutations answer 503 unavailable', async (t) => {
  const gw = await startGateway(t);
  gw.backend.ready = false;

  assertError(await httpRequest(gw.socketPath, { path: '/readyz', headers: auth() }), 503, 'unavailable');
  assertError(await httpRequest(gw.socketPath, { path: '/api/v1/dashboard/snapshot', headers: auth() }), 503, 'unavailable');
  const dispatch = await httpRequest(gw.socketPath, {
    method: 'POST', path: '/api/v1/actions/dispatch', headers: { ...auth(), 'idempotency-key': 'k-1' }, body: '{"issue_id":"iss-1"}',
  });
  assert.match(assertError(dispatch, 503, 'unavailable'), /readyz/);
  assert.equal(gw.backend.dispatches.length, 0);
  assert.equal((await httpRequest(gw.socketPath, { path: '/healthz', headers: auth() })).status, 200, 'liveness does not depend on readiness');
});

test('a stopping host answers 503 saying it is stopping, not starting', async (t) => {
  const gw = await startGateway(t);
  gw.backend.ready = false;
  gw.backend.stopping = true;

  const message = assertError(await httpRequest(gw.socketPath, { path: '/api/v1/dashboard/snapshot', headers: auth() }), 503, 'unavailable');
  assert.match(message, /host is stopping/);
  assert.doesNotMatch(message, /starting/);
});

test('an unknown path is 404 and a known path with the wrong method is 405 with Allow', async (t) => {
  const gw = await startGateway(t);

  assert.match(assertError(await httpRequest(gw.socketPath, { path: '/api/v1/nope', headers: auth() }), 404, 'not_found'), /capabilities/);
  const getOnPost = await httpRequest(gw.socketPath, { path: '/api/v1/actions/dispatch', headers: auth() });
  assertError(getOnPost, 405, 'method_not_allowed');
  assert.equal(getOnPost.headers.allow, 'POST');
  const postOnGet = await httpRequest(gw.socketPath, { method: 'POST', path: '/healthz', headers: auth(), body: '{}' });
  assertError(postOnGet, 405, 'method_not_allowed');
  assert.equal(postOnGet.headers.allow, 'GET');
  assert.match(assertError(await httpRequest(gw.socketPath, { path: '/api/v1/streams/events', headers: auth() }), 400, 'invalid_request'), /WebSocket/);
});

test('events are paged after a cursor with a default and a maximum limit', async (t) => {
  const gw = await startGateway(t);
  await gw.journal.append(newEvents(450));

  const pages: number[][] = [];
  let cursor = 0;
  for (;;) {
    const response = await httpRequest(gw.socketPath, { path: `/api/v1/events?cursor=${cursor}`, headers: auth() });
    const page = EventPageSchema.parse(response.json);
    assert.equal(page.head, 450);
    if (page.events.length === 0) {
      assert.equal(page.next_cursor, cursor, 'an empty page keeps the cursor');
      break;
    }
    pages.push(page.events.map((event) => event.seq));
    cursor = page.next_cursor;
  }
  assert.deepEqual(pages.map((seqs) => seqs.length), [200, 200, 50]);
  assert.deepEqual(pages.flat(), Array.from({ length: 450 }, (_, index) => index + 1));

  const limited = EventPageSchema.parse((await httpRequest(gw.socketPath, { path: '/api/v1/events?cursor=10&limit=5', headers: auth() })).json);
  assert.deepEqual(limited.events.map((event) => event.seq), [11, 12, 13, 14, 15]);
  assert.equal(limited.next_cursor, 15);
  const max = EventPageSchema.parse((await httpRequest(gw.socketPath, { path: '/api/v1/events?limit=1000', headers: auth() })).json);
  assert.equal(max.events.length, 450);
});

test('bad cursors and limits are 400 with a message that says what is expected', async (t) => {
  const gw = await startGateway(t);
  await gw.journal.append(newEvents(3));

  for (const query of ['cursor=-1', 'cursor=abc', 'cursor=1.5', 'cursor=', 'cursor=99999999999999999']) {
    const message = assertError(await httpRequest(gw.socketPath, { path: `/api/v1/events?${query}`, headers: auth() }), 400, 'invalid_request');
    assert.match(message, /cursor must be a non-negative integer/, query);
  }
  for (const query of ['limit=0', 'limit=1001', 'limit=ten']) {
    const message = assertError(await httpRequest(gw.socketPath, { path: `/api/v1/events?${query}`, headers: auth() }), 400, 'invalid_request');
    assert.match(message, /limit must be an integer from 1 to 1000/, query);
  }
  const ahead = assertError(await httpRequest(gw.socketPath, { path: '/api/v1/events?cursor=4', headers: auth() }), 409, 'conflict');
  assert.match(ahead, /reload the snapshot/);
});

test('a dispatch answers a receipt with minted ids and passes them to the backend', async (t) => {
  const gw = await startGateway(t);

  const response = await httpRequest(gw.socketPath, {
    method: 'POST', path: '/api/v1/actions/dispatch', headers: { ...auth(), 'idempotency-key': 'key-1', 'content-type': 'application/json' }, body: '{"issue_id":"iss-1"}',
  });
  assert.equal(response.status, 200, response.text);
  const receipt = ActionReceiptSchema.parse(response.json);
  const [call] = gw.backend.dispatches;
  assert.deepEqual(call?.request, { issue_id: 'iss-1' });
  assert.deepEqual(
    { action_id: receipt.action_id, correlation_id: receipt.correlation_id },
    { action_id: call?.context.actionId, correlation_id: call?.context.correlationId },
  );
  assert.match(receipt.action_id, /^[0-9a-f-]{36}$/);
  assert.notEqual(receipt.action_id, receipt.correlation_id);
  assert.deepEqual({ ...receipt, action_id: '', correlation_id: '' }, {
    schema_version: SCHEMA_VERSION, action_id: '', correlation_id: '', idempotency_key: 'key-1', action: 'dispatch',
    accepted: true, reason: null, reason_code: null, expected_events: ['run.queued'], result: { run_id: 'run-1' },
  });
});

test('a business rejection is a 200 receipt with accepted:false and the reason', async (t) => {
  const gw = await startGateway(t);

  const response = await httpRequest(gw.socketPath, {
    method: 'POST', path: '/api/v1/actions/approval-decision', headers: { ...auth(), 'idempotency-key': 'key-2' }, body: '{"approval_id":"apr-9","decision":"approve"}',
  });
  assert.equal(response.status, 200);
  const receipt = ActionReceiptSchema.parse(response.json);
  assert.deepEqual([receipt.action, receipt.accepted, receipt.reason], ['approval-decision', false, 'no pending approval apr-9']);
});

test('mutations reject a missing or malformed idempotency key, bad JSON, invalid bodies and oversized bodies', async (t) => {
  const gw = await startGateway(t, { maxBodyBytes: 1024 });
  const post = (headers: Record<string, string>, body: string) =>
    httpRequest(gw.socketPath, { method: 'POST', path: '/api/v1/actions/dispatch', headers: { ...auth(), ...headers }, body });

  assert.match(assertError(await post({}, '{"issue_id":"iss-1"}'), 400, 'invalid_request'), /Idempotency-Key/);
  assert.match(assertError(await post({ 'idempotency-key': 'has space' }, '{"issue_id":"iss-1"}'), 400, 'invalid_request'), /printable ASCII/);
  assert.match(assertError(await post({ 'idempotency-key': 'k' }, '{"issue_id":'), 400, 'invalid_request'), /not valid JSON/);
  assert.match(assertError(await post({ 'idempotency-key': 'k' }, ''), 400, 'invalid_request'), /empty/);
  assert.match(assertError(await post({ 'idempotency-key': 'k' }, '{"issue_id":""}'), 400, 'invalid_request'), /issue_id/);
  assert.match(assertError(await post({ 'idempotency-key': 'k' }, '{"issue_id":"a","extra":1}'), 400, 'invalid_request'), /extra/);
  assert.match(assertError(await post({ 'idempotency-key': 'k' }, '{"issue_id":5}'), 400, 'invalid_request'), /issue_id/);
  assert.match(assertError(await post({ 'idempotency-key': 'k' }, '["iss-1"]'), 400, 'invalid_request'), /object/);
  const approval = await httpRequest(gw.socketPath, {
    method: 'POST', path: '/api/v1/actions/approval-decision', headers: { ...auth(), 'idempotency-key': 'k' }, body: '{"approval_id":"apr-1","decision":"maybe"}',
  });
  assert.match(assertError(approval, 400, 'invalid_request'), /decision/);
  const oversized = JSON.stringify({ issue_id: 'x'.repeat(2000) });
  assert.match(assertError(await post({ 'idempotency-key': 'k' }, oversized), 413, 'payload_too_large'), /1024 bytes/);
  const streamed = await post({ 'idempotency-key': 'k', 'transfer-encoding': 'chunked' }, oversized);
  assertError(streamed, 413, 'payload_too_large');
  assert.equal(gw.backend.dispatches.length + gw.backend.decisions.length, 0);
});

test('the same key and body replays the identical receipt; the backend runs once', async (t) => {
  const gw = await startGateway(t);
  const send = (body: string) => httpRequest(gw.socketPath, {
    method: 'POST', path: '/api/v1/actions/dispatch', headers: { ...auth(), 'idempotency-key': 'same-key' }, body,
  });

  const first = await send('{"issue_id":"iss-1"}');
  const again = await send('{ "issue_id" : "iss-1" }');
  assert.equal(again.status, 200);
  assert.deepEqual(again.json, first.json);
  assert.equal(first.headers['idempotent-replayed'], undefined);
  assert.equal(again.headers['idempotent-replayed'], 'true');
  assert.equal(gw.backend.dispatches.length, 1);

  const conflict = await send('{"issue_id":"iss-2"}');
  assert.match(assertError(conflict, 409, 'conflict'), /new key/);
  assert.equal(gw.backend.dispatches.length, 1);
});

test('concurrent requests with one key share one backend call and one receipt', async (t) => {
  const gw = await startGateway(t);
  const release = gw.backend.hold();
  const send = () => httpRequest(gw.socketPath, {
    method: 'POST', path: '/api/v1/actions/dispatch', headers: { ...auth(), 'idempotency-key': 'race' }, body: '{"issue_id":"iss-1"}',
  });

  // The gateway asks for readiness right before the idempotency cache: three probes mean all three
  // requests are inside the gateway while the first backend call is still held.
  const allArrived = deferred('three requests at the gateway');
  gw.backend.onReadyProbe = () => { if (gw.backend.readyProbes === 3) allArrived.resolve(); };
  const pending = [send(), send(), send()];
  await allArrived.promise;
  release();
  const responses = await Promise.all(pending);
  assert.equal(gw.backend.dispatches.length, 1);
  assert.deepEqual(responses.map((response) => response.status), [200, 200, 200]);
  assert.equal(new Set(responses.map((response) => response.text)).size, 1);
});

test('a mutation whose backend fails answers 500 and can be retried with the same key', async (t) => {
  const gw = await startGateway(t);
  gw.backend.failNext = new Error('database is locked /secret/path');
  const send = () => httpRequest(gw.socketPath, {
    method: 'POST', path: '/api/v1/actions/dispatch', headers: { ...auth(), 'idempotency-key': 'retry-me' }, body: '{"issue_id":"iss-1"}',
  });

  const failed = await send();
  const message = assertError(failed, 500, 'internal');
  assert.doesNotMatch(message, /secret/, 'internal details stay in the host log');
  assert.ok(gw.logLines.some((line) => line.startsWith('error') && line.includes('database is locked')));
  const retried = await send();
  assert.equal(retried.status, 200);
  assert.equal(gw.backend.dispatches.length, 2);
});
