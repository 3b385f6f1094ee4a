import type { ApprovalReply, ApprovalRequest } from '../harnessAdapter.ts';
import type { CommandExecutionApprovalDecision, FileChangeApprovalDecision, LegacyReviewDecision } from './codexProtocol.ts';

/** An approval's outcome as the session sees it: the reply, or `cancelled` when the run went away first. */
export type ApprovalAnswer = ApprovalReply | 'cancelled';

export const DENIED_BY_USER = 'Denied by the OpenSymphony user.';

/**
 * A command approval's answer in Codex's terms. "Approve always" becomes `acceptForSession` only
 * when the request offers it (`availableDecisions`; older servers send no list and accept it);
 * otherwise `accept`, and the run-scoped rule in the approval service covers the later requests.
 * A denial is `decline` (the agent carries on; 0.169.0 accepts it even when the list omits it);
 * a cancelled approval is `cancel`, which also interrupts the turn.
 */
export function commandDecision(answer: ApprovalAnswer, available: readonly CommandExecutionApprovalDecision[] | null | undefined): CommandExecutionApprovalDecision {
  if (answer === 'cancelled') return 'cancel';
  if (answer.verdict === 'deny') return 'decline';
  const offersSession = !available || available.includes('acceptForSession');
  return answer.scope === 'run' && offersSession ? 'acceptForSession' : 'accept';
}

/** A file-change approval's answer: every decision is always on offer for file changes. */
export function fileChangeDecision(answer: ApprovalAnswer): FileChangeApprovalDecision {
  if (answer === 'cancelled') return 'cancel';
  if (answer.verdict === 'deny') return 'decline';
  return answer.scope === 'run' ? 'acceptForSession' : 'accept';
}

/** The legacy v1 answer; its denial carries the feedback text itself. */
export function legacyDecision(answer: ApprovalAnswer): LegacyReviewDecision {
  if (answer === 'cancelled') return 'abort';
  if (answer.verdict === 'deny') return { denied: { rejection: answer.feedback ?? DENIED_BY_USER } };
  return answer.scope === 'run' ? 'approved_for_session' : 'approved';
}

/**
 * The v2 protocol's `decline` carries no text, so a denial's feedback reaches the agent as a
 * message steered into the running turn right after the reply; null when there is none to send.
 */
export function feedbackMessage(request: ApprovalRequest, answer: ApprovalAnswer): string | null {
  if (answer === 'cancelled' || answer.verdict !== 'deny' || !answer.feedback) return null;
  const what = request.kind === 'command' ? `the command \`${request.command ?? ''}\`` : `the change to ${request.files.join(', ') || 'the files'}`;
  return `The user declined ${what}. Their feedback: ${answer.feedback}`;
}

/** A short name of the decision sent, for the audit event. */
export function decisionName(decision: unknown): string {
  if (typeof decision === 'string') return decision;
  if (typeof decision === 'object' && decision !== null) return Object.keys(decision)[0] ?? 'unknown';
  return 'unknown';
}
