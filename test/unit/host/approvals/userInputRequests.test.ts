import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Approval, ApprovalQuestion, NewEvent } from '../../../../host/protocol/index.ts';
import { ApprovalSchema, EventTypes } from '../../../../host/protocol/index.ts';
import type { UserInputRequest } from '../../../../host/harness/harnessAdapter.ts';
import { ApprovalService } from '../../../../host/approvals/approvalService.ts';
import type { ApprovalSubject } from '../../../../host/approvals/approvalService.ts';
import { ManualClock } from '../../../fakes/manualClock.ts';

function setup() {
  const events: NewEvent[] = [];
  const clock = new ManualClock();
  const service = new ApprovalService((event) => { events.push(event); }, { clock });
  const approvalsOf = (type: string): Approval[] => events.filter((event) => event.type === type).map((event) => ApprovalSchema.parse(event.payload.approval));
  return { service, events, clock, approvalsOf };
}

const subject = (overrides: Partial<ApprovalSubject> = {}): ApprovalSubject => ({
  runId: 'run-1', issueId: 'issue-1', issueIdentifier: 'OS-1', workspacePath: '/ws/OS-1', rules: [], inputTimeoutMs: 60_000, ...overrides,
});

const aQuestion = (overrides: Partial<ApprovalQuestion> = {}): ApprovalQuestion => ({
  id: 'colour', header: 'Colour', question: 'Which colour?', options: [{ label: 'red', description: null }, { label: 'blue', description: null }],
  allow_other: false, secret: false, ...overrides,
});

const questions = (...list: ApprovalQuestion[]): UserInputRequest => ({ questions: list, reason: null });

describe('questions the agent asks the user', () => {
  it('waits for a human even when a catch-all allow rule exists, and passes the answers on', async () => {
    const { service, approvalsOf } = setup();
    const reply = service.requestUserInput(subject({ rules: [{ action: 'allow' }] }), questions(aQuestion(), aQuestion({ id: 'name', question: 'Your name?', options: [] })));
    const [asked] = approvalsOf(EventTypes.approvalRequested);
    assert.equal(asked?.kind, 'user_input');
    assert.equal(asked?.expires_at, '2026-11-21T12:01:00.000Z');
    assert.deepEqual(asked?.questions?.map((question) => question.id), ['colour', 'name']);
    assert.equal(approvalsOf(EventTypes.approvalAutoDecided).length, 0, 'no rule answered');

    const settled = service.decide(asked!.id, { decision: 'approve', answers: { colour: 'blue', name: '  Ada ' }, decidedBy: 'alice' }, 'corr-1');
    assert.deepEqual(await reply, { outcome: 'answered', answers: { colour: 'blue', name: 'Ada' } });
    assert.deepEqual([settled.state, settled.decided_by], ['approved', { kind: 'user', id: 'alice' }]);
    assert.deepEqual(approvalsOf(EventTypes.approvalResolved)[0]?.answers, { colour: 'blue', name: 'Ada' });
    assert.equal(service.pendingCount(), 0);
  });

  it('declines with deny, and the reply says so', async () => {
    const { service, approvalsOf } = setup();
    const reply = service.requestUserInput(subject(), questions(aQuestion()));
    const [asked] = approvalsOf(EventTypes.approvalRequested);
    service.decide(asked!.id, { decision: 'deny', feedback: 'pick one yourself' }, null);
    assert.deepEqual(await reply, { outcome: 'declined' });
    const [resolved] = approvalsOf(EventTypes.approvalResolved);
    assert.deepEqual([resolved?.state, resolved?.feedback, resolved?.answers], ['denied', 'pick one yourself', null]);
  });

  it('refuses approve_always and incomplete or invalid answers, and keeps the request pending', async () => {
    const { service, approvalsOf } = setup();
    const reply = service.requestUserInput(subject(), questions(aQuestion(), aQuestion({ id: 'name', question: 'Your name?', options: [] })));
    const [asked] = approvalsOf(EventTypes.approvalRequested);
    assert.throws(() => service.decide(asked!.id, { decision: 'approve_always' }, null), { code: 'approval_decision_invalid', message: /does not apply to questions/ });
    assert.throws(() => service.decide(asked!.id, { decision: 'approve', answers: { colour: 'red' } }, null), { code: 'approval_answers_invalid', message: /"name" \(Your name\?\) has no answer/ });
    assert.throws(() => service.decide(asked!.id, { decision: 'approve', answers: { colour: 'green', name: 'Ada' } }, null), { message: /"colour" must be one of "red", "blue"/ });
    assert.throws(() => service.decide(asked!.id, { decision: 'approve', answers: { colour: 'red', name: 'Ada', age: '3' } }, null), { message: /no question has the id "age"/ });
    assert.equal(service.pendingCount(), 1);
    assert.equal(approvalsOf(EventTypes.approvalResolved).length, 0);

    service.decide(asked!.id, { decision: 'approve', answers: { colour: 'red', name: 'Ada' } }, null);
    assert.equal((await reply).outcome, 'answered');
  });

  it('expires at the deadline: cancelled with the reason, and the reply tells the harness to fail the turn', async () => {
    const { service, clock, approvalsOf } = setup();
    const reply = service.requestUserInput(subject({ inputTimeoutMs: 300_000 }), questions(aQuestion()));
    const [asked] = approvalsOf(EventTypes.approvalRequested);
    clock.advance(299_999);
    assert.equal(service.pendingCount(), 1, 'still waiting just before the deadline');
    clock.advance(1);

    const expired = await reply;
    assert.equal(expired.outcome, 'expired');
    assert.match(expired.outcome === 'expired' ? expired.message : '', /"Which colour\?" and got no answer within 300 s/);
    const [resolved] = approvalsOf(EventTypes.approvalResolved);
    assert.deepEqual([resolved?.state, resolved?.cancel_reason, resolved?.decided_by?.kind], ['cancelled', 'no answer within 300 s', 'host']);
    assert.throws(() => service.decide(asked!.id, { decision: 'approve', answers: { colour: 'red' } }, null), { code: 'approval_not_pending' });
  });

  it('an answered question leaves no deadline behind', async () => {
    const { service, clock, approvalsOf } = setup();
    const reply = service.requestUserInput(subject(), questions(aQuestion()));
    assert.equal(clock.pendingTimers, 1);
    service.decide(approvalsOf(EventTypes.approvalRequested)[0]!.id, { decision: 'approve', answers: { colour: 'red' } }, null);
    await reply;
    assert.equal(clock.pendingTimers, 0);
  });

  it('never journals the answer to a secret question, though the agent gets it', async () => {
    const { service, events, approvalsOf } = setup();
    const secret = aQuestion({ id: 'token', question: 'Deploy token?', options: [], secret: true });
    const reply = service.requestUserInput(subject(), questions(aQuestion(), secret));
    service.decide(approvalsOf(EventTypes.approvalRequested)[0]!.id, { decision: 'approve', answers: { colour: 'red', token: 'tok-s3cr3t-value' } }, null);

    assert.deepEqual(await reply, { outcome: 'answered', answers: { colour: 'red', token: 'tok-s3cr3t-value' } });
    assert.deepEqual(approvalsOf(EventTypes.approvalResolved)[0]?.answers, { colour: 'red', token: null });
    assert.ok(!JSON.stringify(events).includes('tok-s3cr3t-value'), 'the secret is in no event');
    assert.ok(!JSON.stringify(service.list()).includes('tok-s3cr3t-value'), 'nor in what the snapshot lists');
  });

  it('cancelling the run cancels its pending questions and their deadlines', async () => {
    const { service, clock, approvalsOf } = setup();
    const reply = service.requestUserInput(subject(), questions(aQuestion()));
    service.cancelForRun('run-1', 'the run was cancelled');
    await assert.rejects(reply, { code: 'approval_cancelled' });
    assert.equal(approvalsOf(EventTypes.approvalResolved)[0]?.cancel_reason, 'the run was cancelled');
    assert.equal(clock.pendingTimers, 0);
  });
});
