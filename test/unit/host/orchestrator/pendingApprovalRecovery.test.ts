import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Approval } from '../../../../host/protocol/index.ts';
import { EventTypes } from '../../../../host/protocol/index.ts';
import { OrchestratorEventTypes } from '../../../../host/orchestrator/orchestratorJournal.ts';
import { anIssue } from '../../../fakes/issueBuilder.ts';
import { ManualClock } from '../../../fakes/manualClock.ts';
import { MemoryTracker } from '../../../fakes/memoryTracker.ts';
import { waitForEvent } from '../../../fakes/journalWaiter.ts';
import { completed, interrupted } from '../../../fakes/scriptedHarness.ts';
import { OrchestratorFixture, ofIssue } from './orchestratorFixture.ts';

describe('an approval pending when the host dies', () => {
  const hosts: OrchestratorFixture[] = [];
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'approval-recovery-')));
  afterEach(async () => {
    for (const fixture of hosts.splice(0)) await fixture.dispose({ keepRoot: true }).catch(() => undefined);
    rmSync(root, { recursive: true, force: true });
  });

  it('ends as cancelled ("host restarted") on the next start, and its run retries as interrupted', async () => {
    const clock = new ManualClock();
    const tracker = new MemoryTracker([anIssue({ identifier: 'P-1' })]);
    const journalPath = join(root, 'journal.sqlite');
    const first = new OrchestratorFixture({
      clock, tracker, root, journalPath,
      // The turn waits on the approval until its run is stopped.
      script: (sink, _input, signal) => new Promise((resolve) => {
        sink.requestApproval({ kind: 'command', command: 'make deploy', cwd: null, files: [], reason: null }).catch(() => undefined);
        signal.addEventListener('abort', () => resolve(interrupted), { once: true });
      }),
    });
    await first.orchestrator.tick();
    const requested = await waitForEvent(first.journal, (event) => event.type === EventTypes.approvalRequested);
    // The host dies with the request open: its journal closes and none of its shutdown code runs.
    await first.journal.close();

    const second = new OrchestratorFixture({ clock, tracker, root, journalPath, script: async () => completed });
    hosts.push(second);
    await second.orchestrator.start();
    const resolved = await waitForEvent(second.journal, (event) => event.type === EventTypes.approvalResolved);
    const approval = resolved.payload.approval as Approval;
    assert.deepEqual([approval.id, approval.state, approval.cancel_reason, approval.decided_by?.kind], [(requested.payload.approval as Approval).id, 'cancelled', 'host restarted', 'host']);
    assert.equal(second.approvals.pendingCount(), 0);
    assert.equal(second.approvals.list()[0]?.state, 'cancelled', 'the snapshot lists it as cancelled, not pending');
    const run = second.orchestrator.runsList().find(ofIssue('P-1'));
    assert.equal(run?.retry?.error, 'worker exited: host restarted');
    await second.runEvent(OrchestratorEventTypes.runRetrying, (candidate) => candidate.stop_reason === 'host_restarted');

    for (const fixture of hosts.splice(0)) await fixture.dispose({ keepRoot: true }).catch(() => undefined);
    const third = new OrchestratorFixture({ clock, tracker, root, journalPath, script: async () => completed });
    hosts.push(third);
    await third.orchestrator.start();
    assert.equal(third.events().filter((event) => event.type === EventTypes.approvalResolved).length, 1, 'a settled request is not settled again');
  });
});
