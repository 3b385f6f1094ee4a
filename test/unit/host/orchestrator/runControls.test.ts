import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import type { Run } from '../../../../host/protocol/index.ts';
import { EventTypes } from '../../../../host/protocol/index.ts';
import type { HarnessAdapter, HarnessSession, MessageDelivery, SessionOptions } from '../../../../host/harness/harnessAdapter.ts';
import { NO_CAPABILITIES } from '../../../../host/harness/harnessAdapter.ts';
import { anIssue } from '../../../fakes/issueBuilder.ts';
import { waitForEvent } from '../../../fakes/journalWaiter.ts';
import { TurnGate } from '../../../fakes/scriptedHarness.ts';
import { OrchestratorFixture, ofIssue } from './orchestratorFixture.ts';

/** A harness whose sessions can take messages and pause; turns hold at the gate; every control call is recorded. */
class ControllableHarness implements HarnessAdapter {
  readonly kind = 'controllable';
  readonly calls: string[] = [];
  readonly gate = new TurnGate();
  failNextPause = false;
  private turnStarted!: () => void;
  /** Resolves when the first turn starts: the worker has handed the session to the orchestrator by then. */
  readonly firstTurn = new Promise<void>((resolve) => { this.turnStarted = resolve; });

  async startSession(options: SessionOptions): Promise<HarnessSession> {
    return {
      sessionId: `thread-${options.issue.identifier}`,
      capabilities: { ...NO_CAPABILITIES, sendMessage: true, pauseResume: true },
      runTurn: (input, signal) => { this.turnStarted(); return this.gate.script(options.sink, input, signal); },
      sendUserMessage: async (text): Promise<MessageDelivery> => { this.calls.push(`message:${text}`); return 'active_turn'; },
      pause: async () => {
        if (this.failNextPause) { this.failNextPause = false; throw new Error('agent-server answered 500'); }
        this.calls.push('pause');
      },
      resume: async () => { this.calls.push('resume'); },
      dispose: async () => undefined,
    };
  }
}

describe('operator controls of a running agent', () => {
  let fixture: OrchestratorFixture | undefined;
  afterEach(async () => { await fixture?.dispose(); fixture = undefined; });

  async function runningWith(harness: HarnessAdapter | undefined, frontMatter: Record<string, unknown> = {}): Promise<{ fixture: OrchestratorFixture; run: Run }> {
    const gate = new TurnGate();
    fixture = new OrchestratorFixture({ issues: [anIssue({ identifier: 'C-1', state: 'Backlog' })], script: gate.script, frontMatter });
    if (harness) fixture.harnessFactory = () => harness;
    const dispatched = await fixture.orchestrator.dispatch('C-1', null);
    assert.ok(dispatched.accepted);
    await fixture.runEvent(EventTypes.runStarted, ofIssue('C-1'));
    // The session is open once the first turn waits at the gate.
    if (harness instanceof ControllableHarness) await harness.firstTurn;
    else await fixture.harness.waitForTurns(1);
    return { fixture, run: dispatched.run };
  }

  it('passes a message to the agent and journals it with the correlation id', async () => {
    const harness = new ControllableHarness();
    const { fixture, run } = await runningWith(harness);
    const result = await fixture.orchestrator.sendUserMessage(run.id, '  please add tests  ', 'corr-msg');

    assert.deepEqual(result.accepted && result.delivery, 'active_turn');
    assert.deepEqual(harness.calls, ['message:please add tests']);
    const event = await waitForEvent(fixture.journal, (candidate) => candidate.type === EventTypes.runMessageSent);
    assert.deepEqual([event?.payload.message, event?.payload.delivery, event?.correlation_id], ['please add tests', 'active_turn', 'corr-msg']);
    assert.equal((await fixture.orchestrator.sendUserMessage(run.id, '   ', null)).accepted, false);
  });

  it('pauses and resumes the agent, and a paused run is not stalled', async () => {
    const harness = new ControllableHarness();
    const { fixture, run } = await runningWith(harness, { codex: { stall_timeout_ms: 1_000 } });

    assert.equal((await fixture.orchestrator.pause(run.id, 'corr-pause')).accepted, true);
    assert.deepEqual(await fixture.orchestrator.pause(run.id, null), { accepted: false, reason: 'the run is already paused' });
    const paused = await fixture.runEvent(EventTypes.runPaused, ofIssue('C-1'));
    assert.equal(paused.paused, true);
    fixture.clock.advance(60_000);
    await fixture.orchestrator.tick();
    assert.equal(fixture.orchestrator.runningRows().length, 1, 'a paused agent is silent on purpose');

    assert.equal((await fixture.orchestrator.resume(run.id, null)).accepted, true);
    assert.equal((await fixture.runEvent(EventTypes.runResumed, ofIssue('C-1'))).paused, false);
    await fixture.orchestrator.tick();
    assert.equal(fixture.orchestrator.runningRows().length, 1, 'the stall clock restarted at the resume');
    assert.deepEqual(harness.calls, ['pause', 'resume']);
    assert.deepEqual(await fixture.orchestrator.resume(run.id, null), { accepted: false, reason: 'the run is not paused' });
  });

  it('refuses controls the harness does not offer, runs that do not run, and reports harness failures', async () => {
    const { fixture, run } = await runningWith(undefined);
    assert.deepEqual(await fixture.orchestrator.pause(run.id, null), { accepted: false, reason: "this run's harness cannot pause" });
    assert.deepEqual(await fixture.orchestrator.sendUserMessage(run.id, 'hi', null), { accepted: false, reason: "this run's harness cannot send messages" });
    assert.deepEqual(await fixture.orchestrator.sendUserMessage('nope', 'hi', null), { accepted: false, reason: 'no run nope' });
    await fixture.orchestrator.cancel({ runId: run.id });
    await fixture.runEvent(EventTypes.runCancelled, ofIssue('C-1'));
    assert.match((await fixture.orchestrator.sendUserMessage(run.id, 'hi', null) as { reason: string }).reason, /run is cancelled, not running/);
  });

  it('leaves the run unpaused when the harness refuses to pause', async () => {
    const harness = new ControllableHarness();
    harness.failNextPause = true;
    const { fixture, run } = await runningWith(harness);
    const result = await fixture.orchestrator.pause(run.id, null);
    assert.equal(result.accepted, false);
    assert.match((result as { reason: string }).reason, /could not pause: agent-server answered 500/);
    assert.equal(fixture.orchestrator.runsList()[0]?.paused, undefined);
  });
});
