import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TestContext } from 'node:test';
import {
  ActionReceiptSchema, decodeTerminalFrame, ErrorEnvelopeSchema, EventPageSchema, StreamCloseCode,
} from '../../../../host/protocol/index.ts';
import type { GatewayFixture, RawResponse, TransportKind } from './gatewayFixture.ts';
import { auth, deferred, expectContiguous, httpRequest, newEvents, openRawSocket, startGateway, TOKENS } from './gatewayFixture.ts';
import { recordSseEvents, recordWebSocketEvents } from './streamRecorders.ts';

// The same contract, run over the Unix socket, plain TCP and TLS: each case returns what it
// observed (ids and times normalised away), asserts it, and the three observations must be equal.

const TRANSPORTS: readonly TransportKind[] = ['unix', 'tcp', 'tls'];

type Observe = (gw: GatewayFixture) => Promise<unknown>;

function contract(name: string, observe: Observe): void {
  test(`transport contract: ${name}`, async (t) => {
    const observations = new Map<TransportKind, unknown>();
    for (const transport of TRANSPORTS) observations.set(transport, await observeOver(t, transport, observe));
    for (const transport of TRANSPORTS) assert.deepEqual(observations.get(transport), observations.get('unix'), `${transport} differs from unix`);
  });
}

async function observeOver(t: TestContext, transport: TransportKind, observe: Observe): Promise<unknown> {
  const gw = await startGateway(t, { streamPageSize: 50 }, { transport });
  const observation = await observe(gw);
  assert.ok(gw.logLines.every((line) => Object.values(TOKENS).every((token) => !line.includes(token))), 'no token in the log');
  return observation;
}

/** Status, error code and the headers that matter, of any response. */
function summary(response: RawResponse): { status: number; code?: string; allow?: string; type: string } {
  const envelope = ErrorEnvelopeSchema.safeParse(response.json);
  return {
    status: response.status,
    ...(envelope.success ? { code: envelope.data.error.code } : {}),
    ...(response.headers.allow ? { allow: String(response.headers.allow) } : {}),
    type: String(response.headers['content-type']),
  };
}

contract('reads, paging and errors', async (gw) => {
  await gw.journal.append(newEvents(250));
  gw.backend.head = 250;
  const get = (path: string, token = TOKENS.viewer) => httpRequest(gw.endpoint, { path, headers: auth(token) });
  const bodies = await Promise.all(['/healthz', '/readyz', '/api/v1/capabilities', '/api/v1/dashboard/snapshot'].map(async (path) => (await get(path)).json));
  const pages = [];
  for (let cursor = 0; ; ) {
    const page = EventPageSchema.parse((await get(`/api/v1/events?cursor=${cursor}&limit=100`)).json);
    pages.push(page.events.map((event) => event.seq));
    if (page.events.length === 0) break;
    cursor = page.next_cursor;
  }
  assert.deepEqual(pages.map((seqs) => seqs.length), [100, 100, 50, 0]);
  const errors = await Promise.all([
    get('/api/v1/nope'), get('/api/v1/actions/dispatch'), get('/api/v1/streams/events'), get('/api/v1/events?cursor=-1'), get('/api/v1/events?cursor=251'),
  ]);
  const observed = { bodies, pages, errors: errors.map(summary) };
  assert.deepEqual(observed.errors.map((error) => [error.status, error.code]), [[404, 'not_found'], [405, 'method_not_allowed'], [400, 'invalid_request'], [400, 'invalid_request'], [409, 'conflict']]);
  return observed;
});

contract('authentication and roles', async (gw) => {
  const request = (path: string, headers: Record<string, string>, method = 'GET') =>
    httpRequest(gw.endpoint, { method, path, headers: { ...headers, 'idempotency-key': `k-${Math.random()}` }, body: method === 'POST' ? '{"issue_id":"iss-1"}' : undefined });
  const outcomes = await Promise.all([
    request('/api/v1/dashboard/snapshot', {}),
    request('/api/v1/dashboard/snapshot', auth('wrong-token-0123456789abcdef0123456789')),
    request('/api/v1/dashboard/snapshot', auth(TOKENS.viewer)),
    request('/api/v1/actions/dispatch', auth(TOKENS.viewer), 'POST'),
    request('/api/v1/actions/dispatch', auth(TOKENS.operator), 'POST'),
  ]);
  const upgrades = await Promise.all([{}, auth(TOKENS.viewer)].map(async (headers) => {
    const outcome = await openRawSocket(gw.endpoint, '/api/v1/streams/events', headers);
    if ('socket' in outcome) outcome.socket.close();
    return 'socket' in outcome ? 'open' : outcome.status;
  }));
  const observed = { http: outcomes.map(summary), authenticate: outcomes[0]?.headers['www-authenticate'], upgrades, dispatches: gw.backend.dispatches.length };
  assert.deepEqual(observed.http.map((outcome) => outcome.status), [401, 401, 200, 403, 200]);
  assert.deepEqual([observed.authenticate, observed.upgrades, observed.dispatches], ['Bearer', [401, 'open'], 1]);
  return observed;
});

contract('mutations are idempotent and answer receipts', async (gw) => {
  const post = (key: string, body: string) => httpRequest(gw.endpoint, { method: 'POST', path: '/api/v1/actions/dispatch', headers: { ...auth(TOKENS.operator), 'idempotency-key': key }, body });
  const first = await post('key-1', '{"issue_id":"iss-1"}');
  const again = await post('key-1', '{"issue_id":"iss-1"}');
  const conflict = await post('key-1', '{"issue_id":"iss-2"}');
  const receipt = ActionReceiptSchema.parse(first.json);
  assert.deepEqual(again.json, first.json, 'the repeated key replays the receipt');
  assert.equal(gw.backend.dispatches[0]?.context.correlationId, receipt.correlation_id);
  return {
    receipt: { ...receipt, action_id: '<id>', correlation_id: '<id>' },
    replayed: again.headers['idempotent-replayed'],
    conflict: summary(conflict),
    calls: gw.backend.dispatches.length,
  };
});

contract('the events stream replays, then goes live, without gap or duplicate; SSE agrees', async (gw) => {
  await gw.journal.append(newEvents(300));
  const producing = (async () => { for (let batch = 0; batch < 50; batch++) await gw.journal.append(newEvents(4)); })();
  const [fromStart, fromMiddle, sse] = await Promise.all([
    recordWebSocketEvents(gw.endpoint, 0, auth(TOKENS.viewer)),
    recordWebSocketEvents(gw.endpoint, 250, auth(TOKENS.viewer)),
    recordSseEvents(gw.endpoint, '?cursor=0', auth(TOKENS.viewer)),
  ]);
  await producing;
  assert.ok(!('status' in sse), 'the SSE stream opened');
  await Promise.all([fromStart.reach(500), fromMiddle.reach(500), sse.reach(500)]);
  assert.equal(expectContiguous(fromStart.seqs, 1, 500), undefined);
  assert.equal(expectContiguous(fromMiddle.seqs, 251, 500), undefined);
  assert.deepEqual(sse.seqs, fromStart.seqs);
  assert.deepEqual(sse.events.map((event) => event.id), fromStart.events.map((event) => event.id), 'the very same envelopes');
  fromStart.socket.close();
  fromMiddle.socket.close();
  sse.close();
  return { fromStart: fromStart.seqs, fromMiddle: fromMiddle.seqs, sse: sse.seqs };
});

contract('terminal streams send binary frames after the cursor', async (gw) => {
  for (let index = 1; index <= 40; index++) await gw.journal.appendTerminal('run-1', new TextEncoder().encode(`line ${index}\n`));
  const frames: string[] = [];
  const done = deferred('40 terminal frames');
  const outcome = await openRawSocket(gw.endpoint, '/api/v1/streams/terminal/run-1?cursor=10', auth(TOKENS.viewer), {
    setup: (socket) => socket.on('message', (data, isBinary) => {
      assert.equal(isBinary, true);
      const frame = decodeTerminalFrame(new Uint8Array(data as Buffer));
      frames.push(`${frame.firstSeq}..${frame.seq}:${new TextDecoder().decode(frame.payload)}`);
      if (frame.seq === 40) done.resolve();
    }),
  });
  assert.ok('socket' in outcome);
  await done.promise;
  outcome.socket.close();
  assert.deepEqual(frames, [`11..40:${Array.from({ length: 30 }, (_, index) => `line ${index + 11}\n`).join('')}`], 'stored output replays packed');
  return frames;
});

contract('the client resumes its stream across a host restart with no gap and no duplicate', async (gw) => {
  await gw.journal.append(newEvents(100));
  const statuses: string[] = [];
  const seqs: number[] = [];
  const reached = { target: 0, wait: deferred('the client to catch up') };
  const subscription = gw.client({ token: TOKENS.viewer }).subscribeEvents({
    cursor: 0,
    onStatus: (status) => statuses.push(status),
    onEvents: (events) => {
      seqs.push(...events.map((event) => event.seq));
      if ((seqs.at(-1) ?? 0) >= reached.target) reached.wait.resolve();
    },
  });
  reached.target = 100;
  await reached.wait.promise;
  await gw.restart();
  reached.target = 400;
  reached.wait = deferred('the client to resume after the restart');
  for (let batch = 0; batch < 30; batch++) await gw.journal.append(newEvents(10));
  await reached.wait.promise;
  subscription.dispose();
  assert.equal(expectContiguous(seqs, 1, 400), undefined);
  assert.deepEqual(statuses.slice(0, 3), ['connected', 'reconnecting', 'connected']);
  return { seqs, statuses };
});

contract('stream upgrades with a bad cursor or an unknown path are refused with the envelope', async (gw) => {
  await gw.journal.append(newEvents(2));
  const refusals = [];
  for (const path of ['/api/v1/streams/events?cursor=-3', '/api/v1/streams/events?cursor=3', '/api/v1/streams/nope', '/api/v1/capabilities']) {
    const outcome = await openRawSocket(gw.endpoint, path, auth(TOKENS.viewer));
    assert.ok(!('socket' in outcome), path);
    refusals.push([outcome.status, ErrorEnvelopeSchema.parse(outcome.json).error.code]);
  }
  assert.deepEqual(refusals, [[400, 'invalid_request'], [409, 'conflict'], [404, 'not_found'], [404, 'not_found']]);
  const stream = await recordWebSocketEvents(gw.endpoint, 0, auth(TOKENS.viewer));
  await stream.reach(2);
  await gw.server.close();
  assert.equal(await stream.closed.promise, StreamCloseCode.goingAway);
  return refusals;
});
