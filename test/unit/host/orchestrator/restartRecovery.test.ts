import { describe, it, beforeEach, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventTypes } from '../../../../host/protocol/index.ts';
import { OrchestratorEventTypes } from '../../../../host/orchestrator/orchestratorJournal.ts';
import { anIssue } from '../../../fakes/issueBuilder.ts';
import { ManualClock } from '../../../fakes/manualClock.ts';
import { MemoryTracker } from '../../../fakes/memoryTracker.ts';
import { completed, failedTurn, TurnGate, type TurnScript } from '../../../fakes/scriptedHarness.ts';
import { waitForEvent } from '../../../fakes/journalWaiter.ts';
import { OrchestratorFixture, ofIssue } from './orchestratorFixture.ts';

/** Two hosts, one after the other, over the same journal file, tracker, clock and workspaces. */
describe('restart recovery from the journal', () => {
  let root: string;
  let clock: ManualClock;
  let tracker: MemoryTracker;
  const hosts: OrchestratorFixture[] = [];
  const host = (script: TurnScript, frontMatter: Record<string, unknown> = {}) => {
    const fixture = new OrchestratorFixture({ script, frontMatter, clock, tracker, root, journalPath: join(root, 'journal.sqlite') });
    hosts.push(fixture);
    return fixture;
  };

  beforeEach(() => {
    root = realpathSync(mkdtempSync(join(tmpdir(), 'recovery-')));
    clock = new ManualClock();
    tracker = new MemoryTracker();
  });
  afterEach(async () => {
    for (const fixture of hosts.splice(0)) await fixture.dispose().catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  });

  it('turns a run that was running when the host died into a "host restarted" retry with backoff, and resumes a pending retry with the time left', async () => {
    tracker.set(anIssue({ identifier: 'R-1', priority: 1 }));
    tracker.set(anIssue({ identifier: 'R-2', priority: 2 }));
    const gate = new TurnGate();
    const first = host((sink, input, signal) => input.includes('R-2') ? Promise.resolve(failedTurn('boom')) : gate.script(sink, input, signal));
    await first.orchestrator.tick();
    const failed = await first.runEvent(OrchestratorEventTypes.runRetrying, ofIssue('R-2'));
    assert.equal(failed.retry?.due_at, new Date(clock.now() + 10_000).toISOString());
    await first.harness.waitForTurns(2);
    await first.journal.close(); // the host dies: nothing more reaches the journal

    clock.advance(3_000);
    const second = host(async () => completed);
    await second.orchestrator.start();
    const interrupted = second.orchestrator.runsList().find(ofIssue('R-1'))!;
    assert.equal(interrupted.state, 'retrying');
    assert.equal(interrupted.stop_reason, 'host_restarted');
    assert.deepEqual(interrupted.retry, { kind: 'failure', attempt: 1, due_at: new Date(clock.now() + 10_000).toISOString(), error: 'worker exited: host restarted' });
    assert.deepEqual(second.orchestrator.retryRows().map((row) => [row.issue_identifier, row.attempt, row.due_at]), [
      ['R-2', 1, failed.retry!.due_at],
      ['R-1', 1, interrupted.retry!.due_at],
    ]);
    const journaled = await second.runEvent(OrchestratorEventTypes.runRetrying, (run) => run.stop_reason === 'host_restarted');
    assert.equal(journaled.id, interrupted.id, 'the new retry is journaled, so a third start sees it too');

    await second.advance(7_000);
    const retryOf = (identifier: string) => (run: { issue_identifier: string; attempt: number | null }) => run.issue_identifier === identifier && run.attempt === 1;
    assert.ok(second.orchestrator.runsList().some(retryOf('R-2')), 'R-2 retries when its original due time comes');
    assert.equal(second.orchestrator.claimState('R-1'), 'retry_queued', 'R-1 waits for its own backoff');
    await second.advance(3_000);
    assert.ok(second.orchestrator.runsList().some(retryOf('R-1')));
  });

  it('keeps run history and token totals, and resumes the retry a clean shutdown left', async () => {
    tracker.set(anIssue({ identifier: 'S-1' }));
    const gate = new TurnGate();
    const first = host((sink, input, signal) => {
      sink.event({ type: EventTypes.tokensUpdated, summary: '', payload: { thread_id: 't', input_tokens: 40, output_tokens: 2, total_tokens: 42 } });
      return gate.script(sink, input, signal);
    });
    await first.orchestrator.tick();
    await first.harness.waitForTurns(1);
    await first.orchestrator.shutdown();
    const stopped = await first.runEvent(OrchestratorEventTypes.runRetrying, ofIssue('S-1'));
    assert.equal(stopped.stop_reason, 'host_stopped');
    await first.journal.close();

    const second = host(async () => completed);
    await second.orchestrator.start();
    assert.equal(second.orchestrator.totals().total_tokens, 42);
    const [row] = second.orchestrator.retryRows();
    assert.equal(row?.due_at, stopped.retry?.due_at);
    assert.equal(row?.error, 'worker exited: interrupted: the host stopped');
    await second.advance(10_000);
    await second.runEvent(EventTypes.runQueued, ofIssue('S-1'));
  });

  it('releases a recovered retry whose issue became terminal while the host was down, and removes its workspace', async () => {
    tracker.set(anIssue({ identifier: 'T-1' }));
    const first = host(async () => failedTurn('boom'));
    await first.orchestrator.tick();
    const failed = await first.runEvent(OrchestratorEventTypes.runRetrying, ofIssue('T-1'));
    assert.ok(existsSync(failed.workspace_path!));
    await first.dispose({ keepRoot: true });

    tracker.update('T-1', { state: 'Done' });
    const second = host(async () => completed);
    await second.orchestrator.start();
    await second.orchestrator.tick();
    const settled = await second.runEvent(EventTypes.runFailed, ofIssue('T-1'));
    assert.equal(settled.retry, null);
    await waitForEvent(second.journal, (event) => event.type === OrchestratorEventTypes.workspaceRemoved);
    assert.ok(!existsSync(failed.workspace_path!));
    assert.equal(second.orchestrator.retryRows().length, 0);
  });

  it('keeps an issue the operator cancelled out of automatic dispatch after a restart', async () => {
    tracker.set(anIssue({ identifier: 'U-1' }));
    const gate = new TurnGate();
    const first = host(gate.script);
    await first.orchestrator.tick();
    await first.harness.waitForTurns(1);
    assert.equal((await first.orchestrator.cancel({ issueId: 'U-1' })).accepted, true);
    await first.runEvent(OrchestratorEventTypes.runCancelled, ofIssue('U-1'));
    await first.dispose({ keepRoot: true });

    const second = host(async () => completed);
    await second.orchestrator.start();
    await second.orchestrator.tick();
    assert.equal(second.orchestrator.runsList().length, 1, 'no new run for the cancelled issue');
    assert.equal((await second.orchestrator.dispatch('U-1', null)).accepted, true, 'an operator start lifts the hold');
  });
});
