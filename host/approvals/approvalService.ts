import { randomUUID } from 'node:crypto';
import type { Approval, ApprovalDecision, NewEvent } from '../protocol/index.ts';
import { EventTypes } from '../protocol/index.ts';
import type { ApprovalRequest, ApprovalVerdict } from '../harness/harnessAdapter.ts';
import { CodedError } from '../base/errors.ts';

export interface ApprovalSubject {
  runId: string;
  issueId: string;
  issueIdentifier: string;
}

interface Pending {
  approval: Approval;
  resolve: (verdict: ApprovalVerdict) => void;
  reject: (error: Error) => void;
}

const RECENT_LIMIT = 200;

/**
 * Holds agent requests until a human decides. Every request and decision is an event; a request
 * is answered exactly once (a second decision is rejected), and cancelling a run cancels its requests.
 */
export class ApprovalService {
  private readonly pending = new Map<string, Pending>();
  private readonly recent: Approval[] = [];
  private readonly publish: (event: NewEvent) => void;

  constructor(publish: (event: NewEvent) => void) {
    this.publish = publish;
  }

  request(subject: ApprovalSubject, request: ApprovalRequest): Promise<ApprovalVerdict> {
    const approval: Approval = {
      id: randomUUID(),
      run_id: subject.runId,
      issue_id: subject.issueId,
      issue_identifier: subject.issueIdentifier,
      kind: request.kind,
      command: request.command,
      cwd: request.cwd,
      files: request.files,
      reason: request.reason,
      state: 'pending',
      requested_at: new Date().toISOString(),
      decided_at: null,
    };
    return new Promise<ApprovalVerdict>((resolve, reject) => {
      this.pending.set(approval.id, { approval, resolve, reject });
      const what = approval.kind === 'command' ? `run \`${approval.command ?? '?'}\`` : `change ${approval.files.join(', ') || 'files'}`;
      this.publish({
        type: EventTypes.approvalRequested,
        actor: { kind: 'agent' },
        summary: `${subject.issueIdentifier} wants to ${what}`,
        payload: { approval },
        entity_refs: refs(approval),
      });
    });
  }

  /** Applies a human decision; throws `approval_not_pending` when it was already decided or unknown. */
  decide(approvalId: string, decision: ApprovalDecision, correlationId: string | null): Approval {
    const entry = this.pending.get(approvalId);
    if (!entry) throw new CodedError('approval_not_pending', `approval ${approvalId} is not pending (already decided, cancelled or unknown)`);
    this.pending.delete(approvalId);
    const approval = this.settle(entry.approval, decision === 'approve' ? 'approved' : 'denied', correlationId, { kind: 'user' });
    entry.resolve(decision);
    return approval;
  }

  /** Cancels every pending request of a run (the run ended or was cancelled). */
  cancelForRun(runId: string, reason: string): void {
    for (const [id, entry] of this.pending) {
      if (entry.approval.run_id !== runId) continue;
      this.pending.delete(id);
      this.settle(entry.approval, 'cancelled', null, { kind: 'orchestrator' });
      entry.reject(new CodedError('approval_cancelled', reason));
    }
  }

  list(): Approval[] {
    return [...[...this.pending.values()].map((entry) => entry.approval), ...this.recent];
  }

  pendingCount(): number {
    return this.pending.size;
  }

  private settle(approval: Approval, state: Approval['state'], correlationId: string | null, actor: NewEvent['actor']): Approval {
    const settled: Approval = { ...approval, state, decided_at: new Date().toISOString() };
    this.recent.unshift(settled);
    this.recent.length = Math.min(this.recent.length, RECENT_LIMIT);
    this.publish({
      type: EventTypes.approvalResolved,
      actor,
      summary: `${approval.issue_identifier}: request ${state}`,
      payload: { approval: settled },
      entity_refs: refs(settled),
      correlation_id: correlationId,
    });
    return settled;
  }
}

function refs(approval: Approval): NewEvent['entity_refs'] {
  return [
    { kind: 'approval', id: approval.id },
    { kind: 'run', id: approval.run_id },
    { kind: 'issue', id: approval.issue_id, identifier: approval.issue_identifier },
  ];
}
