// The event stream across dropped sockets, delayed and duplicated frames: every stored event
// reaches the sink exactly once.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventTypes } from '../../../../../host/protocol/eventTypes.ts';
import type { FakeStep } from '../../../../fakes/openhands/fakeAgentScript.ts';
import { deliveryFigures, withOpenHandsFixture } from './openHandsFixture.ts';

const TEST_TIMEOUT_MS = 60_000;

function commands(count: number): FakeStep[] {
  const steps: FakeStep[] = Array.from({ length: count }, (_, index) => ({ type: 'command', command: `echo step ${index}`, output: `step ${index}\n` }));
  return [...steps, { type: 'stats', promptTokens: 1_000, completionTokens: 200 }, { type: 'message', text: 'All steps done.' }];
}

describe('OpenHands event stream across reconnects', { timeout: TEST_TIMEOUT_MS }, () => {
  it('loses and duplicates nothing across 20 forced WebSocket drops in one run', async (t) => {
    const server = { script: () => commands(300), stepDelayMs: 1, faults: { dropSocketsEveryFrames: 5, maxSocketDrops: 20 } };
    await withOpenHandsFixture({ server }, async ({ server: fake, sink, startSession }) => {
      const session = await startSession({ reconnect: { initialMs: 5, maxMs: 40 } });
      const outcome = await session.runTurn('run 300 commands', new AbortController().signal);

      const figures = deliveryFigures(fake, sink);
      const stats = session.streamStats;
      t.diagnostic(`socket drops ${fake.sockets.stats.dropped}, connections ${stats.connections}, REST catch-ups ${stats.catchUps}`);
      t.diagnostic(`events sent (stored by the fake) ${figures.sent}, received by the sink ${figures.received}, duplicates at the sink ${figures.duplicates}`);
      t.diagnostic(`recovered over REST ${stats.deliveredFromRest}, copies dropped by id ${stats.duplicatesDropped}`);
      assert.equal(outcome.status, 'completed');
      assert.equal(fake.sockets.stats.dropped, 20, 'the fake dropped the socket 20 times during the run');
      assert.ok(stats.connections >= 21);
      assert.deepEqual(figures.missing, [], 'no stored event is missing');
      assert.equal(figures.duplicates, 0, 'no stored event reached the sink twice');
      assert.equal(figures.received, figures.sent);
      assert.ok(stats.deliveredFromRest > 0, 'the catch-up found events the socket missed (without it they would be lost)');
      assert.equal(sink.eventsOfType(EventTypes.agentItem).length, 600, '300 actions and 300 observations');
      assert.ok(sink.eventsOfType(EventTypes.agentNotification).some((event) => event.payload.code === 'openhands_socket_closed'), 'each drop is on the record');
    });
  });

  it('waits for a delayed first frame, and catches up what happened meanwhile', async (t) => {
    const server = { script: () => commands(30), stepDelayMs: 2, faults: { firstFrameDelayMs: 300, dropSocketsEveryFrames: 10, maxSocketDrops: 1 } };
    await withOpenHandsFixture({ server }, async ({ server: fake, sink, startSession }) => {
      const started = performance.now();
      const session = await startSession();
      const startMs = performance.now() - started;
      t.diagnostic(`session ready after ${startMs.toFixed(0)} ms (first frame delayed 300 ms)`);
      assert.ok(startMs >= 290, 'the readiness barrier waited for the first frame');

      const outcome = await session.runTurn('run 30 commands', new AbortController().signal);
      const figures = deliveryFigures(fake, sink);
      t.diagnostic(`sent ${figures.sent}, received ${figures.received}, duplicates ${figures.duplicates}, recovered over REST ${session.streamStats.deliveredFromRest}`);
      assert.equal(outcome.status, 'completed');
      assert.equal(fake.sockets.stats.dropped, 1);
      assert.deepEqual(figures.missing, []);
      assert.equal(figures.duplicates, 0);
      assert.ok(session.streamStats.deliveredFromRest > 0, 'events emitted before the delayed subscription came from REST');
    });
  });

  it('drops duplicated frames by event id', async (t) => {
    await withOpenHandsFixture({ server: { script: () => commands(10), faults: { duplicateFrames: true } } }, async ({ server: fake, sink, startSession }) => {
      const session = await startSession();
      const outcome = await session.runTurn('run 10 commands', new AbortController().signal);
      const figures = deliveryFigures(fake, sink);
      t.diagnostic(`sent ${figures.sent}, received ${figures.received}, duplicates ${figures.duplicates}, copies dropped ${session.streamStats.duplicatesDropped}`);

      assert.equal(outcome.status, 'completed');
      assert.equal(figures.duplicates, 0);
      assert.deepEqual(figures.missing, []);
      assert.ok(session.streamStats.duplicatesDropped >= figures.sent, 'every frame came twice and the copy was dropped');
      assert.equal((sink.terminalText().match(/\$ echo step 3\b/g) ?? []).length, 1, 'the terminal shows each command once');
    });
  });

  it('fails to start with openhands_socket_not_ready when the socket never sends its first frame', async (t) => {
    await withOpenHandsFixture({ server: { faults: { silentSockets: true } } }, async ({ startSession }) => {
      const started = performance.now();
      await assert.rejects(startSession({ readyTimeoutMs: 400 }), (error: Error & { code?: string }) => error.code === 'openhands_socket_not_ready');
      t.diagnostic(`gave up after ${(performance.now() - started).toFixed(0)} ms`);
    });
  });

  it('stops with openhands_unauthorized when the socket handshake is refused', async () => {
    await withOpenHandsFixture({ server: { faults: { rejectSocketsWith: 403 } } }, async ({ startSession }) => {
      await assert.rejects(startSession(), (error: Error & { code?: string; status?: number }) => error.code === 'openhands_unauthorized' && error.status === 403);
    });
  });
});
