// Faults: broken frames, unknown event kinds, REST errors and a server that never answers. Each
// ends in a typed error with the raw data kept; kinds of the pinned OpenAPI that we do not interpret
// are only recorded.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { describe, it } from 'node:test';
import { MAX_FRAME_BYTES } from '../../../../../host/harness/openhands/eventSocket.ts';
import { OpenHandsError } from '../../../../../host/harness/openhands/openHandsErrors.ts';
import { EventTypes } from '../../../../../host/protocol/eventTypes.ts';
import type { FakeStep } from '../../../../fakes/openhands/fakeAgentScript.ts';
import { deliveryFigures, withOpenHandsFixture } from './openHandsFixture.ts';

const TEST_TIMEOUT_MS = 60_000;
const BROKEN_FRAME = '{"kind": "ActionEvent", "id": "broken-1", "timestamp": ';

function isCoded(code: string, check: (error: OpenHandsError) => boolean = () => true): (error: unknown) => boolean {
  return (error) => error instanceof OpenHandsError && error.code === code && check(error);
}

function futureEvent(payloadChars: number): Record<string, unknown> {
  return { kind: 'FutureInsightEvent', id: randomUUID(), timestamp: '2026-03-13T17:12:32.123456', source: 'agent', insight: 'x'.repeat(payloadChars), nested: { items: Array.from({ length: 80 }, (_, index) => index) } };
}

describe('OpenHands adapter under faults', { timeout: TEST_TIMEOUT_MS }, () => {
  it('fails the run with protocol_error on a malformed JSON frame, keeps the frame raw and pauses the agent', async () => {
    const script = (): FakeStep[] => [{ type: 'raw', frame: BROKEN_FRAME }, { type: 'command', command: 'echo after', output: 'after\n' }, { type: 'message', text: 'done' }];
    await withOpenHandsFixture({ server: { script } }, async ({ server, sink, startSession }) => {
      const session = await startSession();
      const outcome = await session.runTurn('go', new AbortController().signal);

      assert.equal(outcome.status, 'failed');
      assert.equal(outcome.error?.code, 'protocol_error');
      const problem = sink.eventsOfType(EventTypes.agentNotification).find((event) => event.payload.code === 'protocol_error');
      assert.equal(problem?.payload.raw, BROKEN_FRAME, 'the raw frame is kept');
      assert.deepEqual(sink.raws.get(problem?.rawRef ?? ''), { source: 'openhands/protocol_error', body: BROKEN_FRAME }, 'and stored raw, referenced by the event');
      assert.ok(server.requests.some((request) => request.method === 'POST' && request.path.endsWith('/pause')), 'the agent was asked to stop');
      const second = await session.runTurn('again', new AbortController().signal);
      assert.deepEqual([second.status, second.error?.code], ['failed', 'protocol_error'], 'the session stays failed');
    });
  });

  it('fails the run with protocol_error on a frame over the 10 MB cap', async () => {
    const huge = { kind: 'MessageEvent', id: randomUUID(), timestamp: '2026-03-13T17:12:32.123456', source: 'agent', llm_message: { role: 'assistant', content: [{ type: 'text', text: 'x'.repeat(MAX_FRAME_BYTES) }] } };
    const script = (): FakeStep[] => [{ type: 'raw', frame: huge }, { type: 'message', text: 'done' }];
    await withOpenHandsFixture({ server: { script } }, async ({ sink, startSession }) => {
      const session = await startSession();
      const outcome = await session.runTurn('go', new AbortController().signal);

      assert.deepEqual([outcome.status, outcome.error?.code], ['failed', 'protocol_error']);
      assert.match(outcome.error?.message ?? '', /over the 10485760 byte cap/);
      assert.ok(!sink.events.some((event) => event.payload.event_id === huge.id), 'the oversized event was not taken in');
    });
  });

  it('fails the run with unknown_event on a kind the pinned OpenAPI does not define, keeping it raw and size-capped', async () => {
    const unknown = futureEvent(50_000);
    const script = (): FakeStep[] => [{ type: 'raw', frame: unknown, persist: true }, { type: 'message', text: 'done' }];
    await withOpenHandsFixture({ server: { script } }, async ({ sink, startSession }) => {
      const session = await startSession();
      const outcome = await session.runTurn('go', new AbortController().signal);

      assert.equal(outcome.status, 'failed');
      assert.equal(outcome.error?.code, 'unknown_event');
      assert.match(outcome.error?.message ?? '', /"FutureInsightEvent" event, a kind the pinned OpenAPI does not define/);
      const kept = sink.events.filter((event) => event.payload.event_id === unknown.id);
      assert.equal(kept.length, 1, 'once, although it arrived live and in the REST log');
      assert.equal(kept[0]?.type, EventTypes.agentNotification);
      assert.equal(kept[0]?.payload.method, 'openhands/FutureInsightEvent');
      assert.equal(kept[0]?.payload.unknown_kind, true);
      const raw = kept[0]?.payload.raw as Record<string, unknown>;
      assert.match(String(raw.insight), /^x{2000}… \[truncated 48000 characters\]$/);
      assert.equal((raw.nested as { items: unknown[] }).items.at(-1), '[30 more items]');
      assert.ok(JSON.stringify(kept[0]?.payload).length < 20_000, 'the payload is capped');
      const stored = sink.raws.get(kept[0]?.rawRef ?? '');
      assert.deepEqual([stored?.source, JSON.parse(stored?.body ?? 'null').insight], ['openhands/unknown_event', unknown.insight], 'the raw store keeps it whole');
    });
  });

  it('records a kind of the pinned OpenAPI that it does not interpret and goes on', async () => {
    const hook = { kind: 'HookExecutionEvent', id: randomUUID(), timestamp: '2026-03-13T17:12:32.123456', source: 'hook', hook_event_type: 'PreToolUse', success: true };
    const script = (): FakeStep[] => [{ type: 'raw', frame: hook }, { type: 'message', text: 'done' }];
    await withOpenHandsFixture({ server: { script } }, async ({ sink, startSession }) => {
      const session = await startSession();
      assert.equal((await session.runTurn('go', new AbortController().signal)).status, 'completed');
      const kept = sink.events.find((event) => event.payload.event_id === hook.id);
      assert.deepEqual([kept?.payload.method, kept?.payload.unknown_kind], ['openhands/HookExecutionEvent', false]);
    });
  });

  it('keeps a known kind with an unexpected shape raw instead of failing', async () => {
    const odd = { kind: 'ActionEvent', id: randomUUID(), timestamp: '2026-03-13T17:12:32.123456', source: 'agent', surprise: true };
    const script = (): FakeStep[] => [{ type: 'raw', frame: odd, persist: true }, { type: 'message', text: 'done' }];
    await withOpenHandsFixture({ server: { script } }, async ({ sink, startSession }) => {
      const session = await startSession();
      assert.equal((await session.runTurn('go', new AbortController().signal)).status, 'completed');

      const kept = sink.events.find((event) => event.payload.event_id === odd.id);
      assert.equal(kept?.summary, 'ActionEvent with an unexpected shape');
      assert.match(String(kept?.payload.problem), /tool_name/);
      assert.equal((kept?.payload.raw as Record<string, unknown>).surprise, true);
    });
  });

  it('fails to start with openhands_server_error on a 500, keeping the server exception and raw body', async () => {
    const faults = { requests: [{ method: 'POST', path: /^\/api\/conversations$/, reply: { status: 500, body: { detail: 'Internal Server Error', exception: 'RuntimeError: disk full' } } }] };
    await withOpenHandsFixture({ server: { faults } }, async ({ startSession }) => {
      await assert.rejects(startSession(), isCoded('openhands_server_error', (error) => error.status === 500
        && /RuntimeError: disk full/.test(error.message) && error.raw === '{"detail":"Internal Server Error","exception":"RuntimeError: disk full"}'));
    });
  });

  it('fails to start with openhands_unauthorized on a wrong session key', async () => {
    await withOpenHandsFixture({}, async ({ startSession }) => {
      await assert.rejects(startSession({ sessionApiKey: 'wrong-key' }), isCoded('openhands_unauthorized', (error) => error.status === 401 && /Unauthorized/.test(error.message)));
    });
  });

  it('fails the turn with the typed 4xx code when run is refused', async () => {
    const faults = { requests: [{ method: 'POST', path: /\/run$/, reply: { status: 404, body: { detail: 'Not Found' } } }] };
    await withOpenHandsFixture({ server: { faults } }, async ({ startSession }) => {
      const session = await startSession();
      const outcome = await session.runTurn('go', new AbortController().signal);

      assert.equal(outcome.status, 'failed');
      assert.equal(outcome.error?.code, 'openhands_not_found');
    });
  });

  it('fails with response_timeout when the server never answers', async (t) => {
    const faults = { requests: [{ method: 'POST', path: /\/run$/, reply: 'hang' as const }] };
    await withOpenHandsFixture({ server: { faults } }, async ({ startSession }) => {
      const session = await startSession({ readTimeoutMs: 300 });
      const started = performance.now();
      const outcome = await session.runTurn('go', new AbortController().signal);
      t.diagnostic(`unanswered run → ${outcome.error?.code} after ${(performance.now() - started).toFixed(0)} ms`);

      assert.equal(outcome.status, 'failed');
      assert.equal(outcome.error?.code, 'response_timeout');
      assert.match(outcome.error?.message ?? '', /POST \/api\/conversations\/.*\/run got no answer within 300 ms/);
    });
  });

  it('fails to start with response_timeout when creating the conversation never answers', async () => {
    const faults = { requests: [{ method: 'POST', path: /^\/api\/conversations$/, reply: 'hang' as const }] };
    await withOpenHandsFixture({ server: { faults } }, async ({ startSession }) => {
      await assert.rejects(startSession({ readTimeoutMs: 300 }), isCoded('response_timeout'));
    });
  });

  it('retries a failed catch-up and still loses nothing', async (t) => {
    const script = (): FakeStep[] => [...Array.from({ length: 40 }, (_, index): FakeStep => ({ type: 'command', command: `echo ${index}` })), { type: 'message', text: 'done' }];
    await withOpenHandsFixture({ server: { script, stepDelayMs: 2 } }, async ({ server, sink, startSession }) => {
      const session = await startSession();
      server.faults.requests.push({ method: 'GET', path: /\/events\/search$/, reply: { status: 503, body: { detail: 'Service Unavailable' } }, times: 2 });
      server.faults.dropSocketsEveryFrames = 15;
      server.faults.maxSocketDrops = 2;
      const outcome = await session.runTurn('go', new AbortController().signal);

      const figures = deliveryFigures(server, sink);
      t.diagnostic(`sent ${figures.sent}, received ${figures.received}, duplicates ${figures.duplicates}`);
      assert.equal(outcome.status, 'completed');
      assert.equal(server.faults.requests.length, 0, 'both failures were served');
      assert.ok(sink.eventsOfType(EventTypes.agentNotification).some((event) => event.payload.code === 'openhands_catch_up_failed'));
      assert.deepEqual(figures.missing, []);
      assert.equal(figures.duplicates, 0);
    });
  });
});
