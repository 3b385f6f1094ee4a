import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApprovalService } from '../../../../host/approvals/approvalService.ts';
import { createHostBackend } from '../../../../host/composition/hostBackend.ts';
import type { Approval, NewEvent } from '../../../../host/protocol/index.ts';
import { ApprovalSchema, EventTypes } from '../../../../host/protocol/index.ts';

/** The backend's approval-decision action over a real ApprovalService; nothing else of the host is touched. */
function setup() {
  const events: NewEvent[] = [];
  const approvals = new ApprovalService((event) => { events.push(event); });
  const backend = createHostBackend({
    approvals, journal: {} as never, orchestrator: {} as never, workflowStatus: () => ({ path: 'WORKFLOW.md', loaded_at: null, error: null }),
    trackerKind: () => 'local', isReady: () => true,
  });
  const asked = (): Approval => ApprovalSchema.parse(events.find((event) => event.type === EventTypes.approvalRequested)!.payload.approval);
  const context = { actionId: 'action-1', correlationId: 'corr-1', principal: { name: 'alice', role: 'operator' as const } };
  return { approvals, backend, asked, context };
}

const subject = { runId: 'run-1', issueId: 'issue-1', issueIdentifier: 'OS-1', inputTimeoutMs: 60_000 };
const question = { id: 'colour', header: null, question: 'Which colour?', options: [], allow_other: false, secret: false };

describe('the approval-decision action with questions', () => {
  it('refuses missing answers and approve_always with invalid_request, and keeps the question pending', async () => {
    const { approvals, backend, asked, context } = setup();
    const reply = approvals.requestUserInput(subject, { questions: [question], reason: null });

    const missing = await backend.decideApproval({ approval_id: asked().id, decision: 'approve' }, context);
    assert.deepEqual([missing.accepted, missing.reasonCode], [false, 'invalid_request']);
    assert.match(missing.reason ?? '', /"colour" \(Which colour\?\) has no answer/);
    const always = await backend.decideApproval({ approval_id: asked().id, decision: 'approve_always' }, context);
    assert.deepEqual([always.accepted, always.reasonCode], [false, 'invalid_request']);
    assert.equal(approvals.pendingCount(), 1);

    const answered = await backend.decideApproval({ approval_id: asked().id, decision: 'approve', answers: { colour: 'green' } }, context);
    assert.equal(answered.accepted, true);
    assert.deepEqual(await reply, { outcome: 'answered', answers: { colour: 'green' } });
    assert.equal(approvals.list()[0]?.decided_by?.id, 'alice');
  });
});
