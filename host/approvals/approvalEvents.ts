import type { Approval, NewEvent } from '../protocol/index.ts';
import { EventTypes } from '../protocol/index.ts';
import { describeRule } from './approvalRules.ts';

// The approval audit trail: every event carries the whole Approval DTO, so any client (and the next
// host start) can reduce it without asking for more.

/** A request that waits for a human. */
export function requestedEvent(approval: Approval): NewEvent {
  return {
    type: EventTypes.approvalRequested,
    actor: { kind: 'agent' },
    summary: `${approval.issue_identifier} wants to ${what(approval)}${riskNote(approval)}`,
    payload: { approval },
    entity_refs: approvalRefs(approval),
  };
}

/** A request a rule settled before anyone was asked. */
export function autoDecidedEvent(approval: Approval): NewEvent {
  const rule = approval.rule ? describeRule(approval.rule) : 'a rule';
  return {
    type: EventTypes.approvalAutoDecided,
    actor: { kind: 'host', id: 'approvals' },
    summary: `${approval.issue_identifier}: ${approval.state} by ${rule}: ${what(approval)}`,
    payload: { approval },
    entity_refs: approvalRefs(approval),
  };
}

/** A pending request settled: by a user, by a rule an "approve always" added, or cancelled by the host. */
export function resolvedEvent(approval: Approval, correlationId: string | null): NewEvent {
  const by = approval.decided_by?.kind === 'user' ? ` by ${approval.decided_by.id ?? 'a user'}`
    : approval.decided_by?.kind === 'rule' && approval.rule ? ` by ${describeRule(approval.rule)}` : '';
  const why = approval.state === 'cancelled' && approval.cancel_reason ? ` (${approval.cancel_reason})` : '';
  const scope = approval.scope === 'run' ? ' for the rest of the run' : '';
  return {
    type: EventTypes.approvalResolved,
    actor: approval.decided_by?.kind === 'user' ? { kind: 'user', ...(approval.decided_by.id ? { id: approval.decided_by.id } : {}) } : { kind: 'host', id: 'approvals' },
    summary: `${approval.issue_identifier}: request ${approval.state}${scope}${by}${why}`,
    payload: { approval },
    entity_refs: approvalRefs(approval),
    correlation_id: correlationId,
  };
}

export function approvalRefs(approval: Approval): NewEvent['entity_refs'] {
  return [
    { kind: 'approval', id: approval.id },
    { kind: 'run', id: approval.run_id },
    { kind: 'issue', id: approval.issue_id, identifier: approval.issue_identifier },
  ];
}

function what(approval: Approval): string {
  if (approval.kind === 'user_input') {
    const questions = approval.questions ?? [];
    return questions.length === 1 ? `ask you: ${questions[0]!.question}` : `ask you ${questions.length} questions`;
  }
  return approval.kind === 'command' ? `run \`${approval.command ?? '?'}\`` : `change ${approval.files.join(', ') || 'files'}`;
}

function riskNote(approval: Approval): string {
  return approval.risk && approval.risk.level !== 'low' ? ` (${approval.risk.level} risk: ${approval.risk.summary})` : '';
}
