import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorEnvelopeSchema } from '../../../../host/protocol/index.ts';
import type { NewEvent } from '../../../../host/protocol/index.ts';
import { auth, deferred, openRawSocket, startGateway, TOKENS } from './gatewayFixture.ts';
import { recordSseEvents, recordWebSocketEvents } from './streamRecorders.ts';

/** An event of planning session `sessionId` (or of none), numbered in its payload. */
function planningEvent(sessionId: string | undefined, index: number): NewEvent {
  return {
    type: 'planning.message',
    actor: { kind: 'agent', id: 'planner' },
    summary: `planning message ${index}`,
    payload: { index },
    entity_refs: sessionId === undefined ? [{ kind: 'run', id: 'run-1' }] : [{ kind: 'planning_session', id: sessionId }],
  };
}

const indexes = (events: ReadonlyArray<{ payload: Record<string, unknown> }>): unknown[] => events.map((event) => event.payload.index);

test('a planning stream replays its session\'s events after the cursor, then goes live with only that session\'s events', async (t) => {
  const gw = await startGateway(t, { streamPageSize: 4 });
  const stored = await gw.journal.append(Array.from({ length: 30 }, (_, index) => planningEvent(['plan-a', 'plan-b', undefined][index % 3], index)));
  const cursor = stored[6]!.seq;

  const ws = await recordWebSocketEvents(gw.socketPath, cursor, auth(TOKENS.viewer), { path: '/api/v1/streams/planning/plan-a' });
  const sse = await recordSseEvents(gw.socketPath, `?cursor=${cursor}`, auth(TOKENS.viewer), '/api/v1/planning/plan-a/events/stream');
  assert.ok(!('status' in sse), 'the SSE twin accepts a viewer');
  const live = await gw.journal.append(Array.from({ length: 12 }, (_, index) => planningEvent(['plan-b', 'plan-a', undefined][index % 3], 100 + index)));
  const lastOfA = live.filter((event) => event.entity_refs.some((ref) => ref.id === 'plan-a')).at(-1)!.seq;
  await Promise.all([ws.reach(lastOfA), sse.reach(lastOfA)]);

  assert.deepEqual(indexes(ws.events), [9, 12, 15, 18, 21, 24, 27, 101, 104, 107, 110]);
  assert.ok(ws.events.every((event) => event.entity_refs.some((ref) => ref.kind === 'planning_session' && ref.id === 'plan-a')));
  assert.deepEqual(sse.events, ws.events, 'SSE carries the same envelopes');
  ws.socket.close();
  sse.close();
});

test('a planning stream may open before the session\'s first event; bad cursors and missing tokens are refused', async (t) => {
  const gw = await startGateway(t);
  const early = await recordWebSocketEvents(gw.socketPath, 0, auth(TOKENS.viewer), { path: '/api/v1/streams/planning/plan-new' });
  const [first] = await gw.journal.append([planningEvent('plan-new', 1)]);
  await early.reach(first!.seq);
  assert.deepEqual(indexes(early.events), [1]);
  early.socket.close();

  for (const [query, headers, status, code] of [
    ['cursor=x', auth(TOKENS.viewer), 400, 'invalid_request'],
    ['cursor=99', auth(TOKENS.viewer), 409, 'conflict'],
    ['cursor=0', {}, 401, 'unauthorized'],
  ] as const) {
    const outcome = await openRawSocket(gw.socketPath, `/api/v1/streams/planning/plan-new?${query}`, headers);
    assert.ok(!('socket' in outcome), query);
    assert.equal(outcome.status, status);
    assert.equal(ErrorEnvelopeSchema.parse(outcome.json).error.code, code);
  }
  assert.equal(gw.server.health().streams.planning.resyncs, 0);
});

test('the client\'s planning subscription delivers only its session\'s events, each once', async (t) => {
  const gw = await startGateway(t, { streamPageSize: 3 });
  await gw.journal.append(Array.from({ length: 10 }, (_, index) => planningEvent(index % 2 === 0 ? 'plan-a' : 'plan-b', index)));
  const received: unknown[] = [];
  const done = deferred('the live event of plan-a');
  const subscription = gw.client().subscribePlanningEvents({
    sessionId: 'plan-a', cursor: 0,
    onEvents: (events) => { received.push(...indexes(events)); if (received.includes(99)) done.resolve(); },
  });
  await gw.journal.append([planningEvent('plan-b', 98), planningEvent('plan-a', 99)]);
  await done.promise;
  subscription.dispose();

  assert.deepEqual(received, [0, 2, 4, 6, 8, 99]);
});
