// Reconnect timing on a manual clock: 1 s doubling to 30 s while the socket is refused, back to
// 1 s after a connection got ready, and a REST catch-up after every ready.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { IDisposable } from '../../../../../host/base/lifecycle.ts';
import { AgentServerClient } from '../../../../../host/harness/openhands/agentServerClient.ts';
import { ConversationEventStream, DEFAULT_RECONNECT_BACKOFF } from '../../../../../host/harness/openhands/conversationEventStream.ts';
import type { OpenHandsError } from '../../../../../host/harness/openhands/openHandsErrors.ts';
import { ManualClock } from '../../../../fakes/manualClock.ts';
import { FakeAgentServer } from '../../../../fakes/openhands/fakeAgentServer.ts';

const READY_TIMEOUT_MS = 99_999;

/** A manual clock that queues the delays it is asked to schedule, so a test can wait for the next one. */
class SchedulingClock extends ManualClock {
  private readonly scheduled: number[] = [];
  private waiter: ((ms: number) => void) | null = null;

  override setTimeout(fn: () => void, ms: number): IDisposable {
    if (ms !== READY_TIMEOUT_MS) {
      if (this.waiter) { this.waiter(ms); this.waiter = null; } else this.scheduled.push(ms);
    }
    return super.setTimeout(fn, ms);
  }

  /** The next reconnect delay scheduled (readiness timers are left out). */
  nextDelay(): Promise<number> {
    const queued = this.scheduled.shift();
    if (queued !== undefined) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no reconnect was scheduled within 5 s')), 5_000);
      this.waiter = (ms) => { clearTimeout(timer); resolve(ms); };
    });
  }
}

describe('OpenHands event stream reconnect backoff', { timeout: 30_000 }, () => {
  it('waits 1, 2, 4, 8, 16, 30, 30 s while refused, then 1 s again after a ready connection', async () => {
    const server = await FakeAgentServer.start({ faults: { rejectSocketsWith: 503 } });
    const client = new AgentServerClient({ baseUrl: server.baseUrl, sessionApiKey: null, readTimeoutMs: 2_000 });
    const clock = new SchedulingClock();
    const problems: OpenHandsError[] = [];
    let snapshotArrived: (() => void) | null = null;
    let stream: ConversationEventStream | undefined;
    try {
      const info = await client.createConversation({
        agent: { kind: 'Agent', llm: { model: 'm', base_url: null, api_key: null, usage_id: 'u' }, tools: [] },
        workspace: { kind: 'LocalWorkspace', working_dir: '/tmp' }, confirmation_policy: { kind: 'NeverConfirm' }, max_iterations: 5, stuck_detection: true, autotitle: false,
      });
      stream = new ConversationEventStream({
        client, conversationId: info.id, clock, readyTimeoutMs: READY_TIMEOUT_MS, reconnect: DEFAULT_RECONNECT_BACKOFF,
        // The snapshot frame of a new connection is delivered only after that connection's catch-up.
        onEvent: (event) => { if (event.kind === 'ConversationStateUpdateEvent') snapshotArrived?.(); },
        onProblem: (problem) => problems.push(problem), onFatal: (error) => assert.fail(`fatal: ${error.message}`),
      });
      const started = stream.start();
      const delays: number[] = [];
      for (let attempt = 0; attempt < 7; attempt++) {
        const delay = await clock.nextDelay();
        delays.push(delay);
        if (attempt === 6) server.faults.rejectSocketsWith = null;
        clock.advance(delay);
      }
      await started;

      assert.deepEqual(delays, [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
      assert.ok(problems.every((problem) => problem.code === 'openhands_server_error' && problem.status === 503), 'each refusal is reported with its status');
      const catchUpsBefore = stream.stats.catchUps;
      server.sockets.dropSockets();
      assert.equal(await clock.nextDelay(), 1_000, 'a connection that got ready resets the backoff');
      const snapshot = new Promise<void>((resolve) => { snapshotArrived = resolve; });
      clock.advance(1_000);
      await snapshot;
      assert.equal(stream.stats.catchUps, catchUpsBefore + 1, 'the reconnect read the gap back before its first frame was delivered');
      assert.equal(stream.stats.connections, 9);
    } finally {
      stream?.dispose();
      client.dispose();
      await server.close();
    }
  });
});
