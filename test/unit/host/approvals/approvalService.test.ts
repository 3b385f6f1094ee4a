import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Approval, NewEvent } from '../../../../host/protocol/index.ts';
import { ApprovalSchema, EventTypes } from '../../../../host/protocol/index.ts';
import type { ApprovalRequest } from '../../../../host/harness/harnessAdapter.ts';
import { ApprovalService } from '../../../../host/approvals/approvalService.ts';
import type { ApprovalSubject } from '../../../../host/approvals/approvalService.ts';
import type { ApprovalRuleConfig } from '../../../../host/workflow/workflowConfig.ts';

const NOW = Date.parse('2026-05-01T10:00:00.000Z');

function setup() {
  const events: NewEvent[] = [];
  const service = new ApprovalService((event) => { events.push(event); }, { now: () => NOW });
  const approvalsOf = (type: string): Approval[] => events.filter((event) => event.type === type).map((event) => ApprovalSchema.parse(event.payload.approval));
  return { service, events, approvalsOf };
}

const subject = (rules: ApprovalRuleConfig[] = [], runId = 'run-1'): ApprovalSubject => ({ runId, issueId: 'issue-1', issueIdentifier: 'OS-1', workspacePath: '/ws/OS-1', rules });
const command = (text: string): ApprovalRequest => ({ kind: 'command', command: text, cwd: '/ws/OS-1', files: [], reason: null });

describe('the approval service', () => {
  it('asks a human with the risk summary and passes on approve once', async () => {
    const { service, approvalsOf } = setup();
    const reply = service.request(subject(), command('rm -rf build'));
    const [asked] = approvalsOf(EventTypes.approvalRequested);
    assert.equal(asked?.state, 'pending');
    assert.deepEqual(asked?.risk, { level: 'medium', flags: ['deletion'], summary: 'deletes files' });
    assert.deepEqual(service.list().map((approval) => approval.id), [asked!.id]);

    const settled = service.decide(asked!.id, 'approve', 'corr-1');
    assert.deepEqual(await reply, { verdict: 'approve', scope: 'once', feedback: null });
    assert.equal(settled.decided_at, new Date(NOW).toISOString());
    const [resolved] = approvalsOf(EventTypes.approvalResolved);
    assert.deepEqual({ state: resolved?.state, decision: resolved?.decision, scope: resolved?.scope, by: resolved?.decided_by }, { state: 'approved', decision: 'approve', scope: 'once', by: { kind: 'user', id: null } });
    assert.throws(() => service.decide(asked!.id, 'deny', null), { code: 'approval_not_pending' });
  });

  it('passes a denial with the user\'s feedback and records who decided', async () => {
    const { service, events, approvalsOf } = setup();
    const reply = service.request(subject(), command('git push --force'));
    const [asked] = approvalsOf(EventTypes.approvalRequested);
    service.decide(asked!.id, { decision: 'deny', feedback: '  push to a branch instead  ', decidedBy: 'alice' }, 'corr-2');

    assert.deepEqual(await reply, { verdict: 'deny', scope: 'once', feedback: 'push to a branch instead' });
    const resolved = events.find((event) => event.type === EventTypes.approvalResolved)!;
    assert.deepEqual(resolved.actor, { kind: 'user', id: 'alice' });
    assert.equal(resolved.correlation_id, 'corr-2');
    assert.equal(approvalsOf(EventTypes.approvalResolved)[0]?.feedback, 'push to a branch instead');
  });

  it('settles by WORKFLOW.md rule without asking, first match wins, and says which rule', async () => {
    const { service, events, approvalsOf } = setup();
    const rules: ApprovalRuleConfig[] = [{ action: 'deny', command_prefix: 'rm' }, { action: 'allow', command_prefix: 'npm' }, { action: 'allow' }];
    const denied = await service.request(subject(rules), command('echo ok && rm -rf /'));
    const allowed = await service.request(subject(rules), command('npm test'));

    assert.equal(denied.verdict, 'deny');
    assert.match(denied.feedback ?? '', /WORKFLOW\.md approvals\.rules\[0\] \(deny command_prefix "rm"\)/);
    assert.deepEqual(allowed, { verdict: 'approve', scope: 'once', feedback: null });
    assert.equal(approvalsOf(EventTypes.approvalRequested).length, 0, 'nobody was asked');
    const auto = approvalsOf(EventTypes.approvalAutoDecided);
    assert.deepEqual(auto.map((approval) => [approval.state, approval.decided_by?.kind, approval.rule?.index]), [['denied', 'rule', 0], ['approved', 'rule', 1]]);
    assert.match(events.find((event) => event.type === EventTypes.approvalAutoDecided)!.summary, /denied by WORKFLOW\.md approvals\.rules\[0\]/);
  });

  it('asks when an ask rule matches, and records that rule on the request', async () => {
    const { service, approvalsOf } = setup();
    void service.request(subject([{ action: 'ask', command_prefix: 'git push' }, { action: 'allow' }]), command('git push'));
    assert.equal(approvalsOf(EventTypes.approvalRequested)[0]?.rule?.index, 0);
  });

  it('approve always adds a run rule, settles the covered pending request of the run and answers the next one itself', async () => {
    const { service, approvalsOf } = setup();
    const first = service.request(subject(), command("/bin/bash -lc 'echo one > a.txt'"));
    const second = service.request(subject(), command('echo two > b.txt'));
    const other = service.request(subject(), command('ls'));
    const otherRun = service.request(subject([], 'run-2'), command('echo elsewhere'));
    const [asked] = approvalsOf(EventTypes.approvalRequested);

    service.decide(asked!.id, 'approve_always', 'corr-3');
    assert.deepEqual(await first, { verdict: 'approve', scope: 'run', feedback: null });
    assert.deepEqual(await second, { verdict: 'approve', scope: 'once', feedback: null });
    const resolved = approvalsOf(EventTypes.approvalResolved);
    assert.deepEqual(resolved.map((approval) => [approval.command, approval.decided_by?.kind, approval.rule?.source ?? null]), [
      ["/bin/bash -lc 'echo one > a.txt'", 'user', null],
      ['echo two > b.txt', 'rule', 'run'],
    ]);
    assert.equal(service.pendingCount(), 2, '`ls` and the other run still wait');

    const third = await service.request(subject(), command('echo three'));
    assert.equal(third.verdict, 'approve');
    assert.equal(approvalsOf(EventTypes.approvalAutoDecided).at(-1)?.rule?.command_prefix, 'echo');
    service.cancelForRun('run-1', 'the run ended');
    service.cancelForRun('run-2', 'the run ended');
    await assert.rejects(other, { code: 'approval_cancelled' });
    await assert.rejects(otherRun, { code: 'approval_cancelled' });
  });

  it('lets a WORKFLOW.md ask or deny rule win over the run rules', async () => {
    const { service, approvalsOf } = setup();
    const rules: ApprovalRuleConfig[] = [{ action: 'deny', command_prefix: 'git push' }];
    const first = service.request(subject(rules), command('git status'));
    service.decide(approvalsOf(EventTypes.approvalRequested)[0]!.id, 'approve_always', null);
    await first;
    assert.equal((await service.request(subject(rules), command('git log'))).verdict, 'approve');
    assert.equal((await service.request(subject(rules), command('git push'))).verdict, 'deny');
  });

  it('cancelling a run cancels its pending requests (a denial for the agent) and forgets its run rules', async () => {
    const { service, approvalsOf } = setup();
    const first = service.request(subject(), command('echo 1'));
    service.decide(approvalsOf(EventTypes.approvalRequested)[0]!.id, 'approve_always', null);
    await first;
    const pending = service.request(subject(), command('ls'));
    service.cancelForRun('run-1', 'cancelled by the operator');

    await assert.rejects(pending, { code: 'approval_cancelled' });
    const cancelled = approvalsOf(EventTypes.approvalResolved).at(-1)!;
    assert.deepEqual([cancelled.state, cancelled.cancel_reason, cancelled.decided_by?.kind], ['cancelled', 'cancelled by the operator', 'host']);
    assert.deepEqual(service.rulesForRun('run-1'), []);
  });

  it('cancels requests a previous host left pending, so no client keeps showing them', () => {
    const { service, approvalsOf } = setup();
    const orphan: Approval = {
      id: 'apr-old', run_id: 'run-0', issue_id: 'issue-1', issue_identifier: 'OS-1', kind: 'command', command: 'ls', cwd: null, files: [], reason: null,
      state: 'pending', requested_at: '2026-04-30T00:00:00.000Z', decided_at: null,
    };
    service.cancelOrphaned([orphan], 'host restarted');

    const [resolved] = approvalsOf(EventTypes.approvalResolved);
    assert.deepEqual([resolved?.id, resolved?.state, resolved?.cancel_reason], ['apr-old', 'cancelled', 'host restarted']);
    assert.equal(service.pendingCount(), 0);
  });
});
