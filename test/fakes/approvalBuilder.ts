import type { Approval, ApprovalQuestion } from '../../host/protocol/index.ts';

/** A valid pending command approval with overridable fields. */
export function anApproval(overrides: Partial<Approval> = {}): Approval {
  return {
    id: 'ap-1', run_id: 'run-1', issue_id: 'A-1', issue_identifier: 'A-1', kind: 'command', command: 'npm test', cwd: '/w/A-1', files: [],
    reason: null, state: 'pending', requested_at: '2026-11-21T12:00:00.000Z', decided_at: null, ...overrides,
  };
}

/** A question of a `user_input` request; free text unless options are given. */
export function aQuestion(overrides: Partial<ApprovalQuestion> & { id: string }): ApprovalQuestion {
  return { header: null, question: `Question ${overrides.id}?`, options: [], allow_other: false, secret: false, ...overrides };
}
