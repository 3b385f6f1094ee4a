import type { Approval, ApprovalRisk } from '../../host/protocol/index.ts';
import { unwrapShellCommand } from '../../host/protocol/index.ts';

/**
 * What to ask the user about one approval request: text, buttons and whether it needs a modal.
 * Plain data with no `vscode` import, so every request kind's wording is unit-tested in Node.
 * The button labels are stable: tests and users' muscle memory click them by name.
 */

export const ApprovalButton = {
  approve: 'Approve',
  approveAlways: 'Approve Always',
  deny: 'Deny',
  denyWithFeedback: 'Deny with Feedback…',
  details: 'Details',
  answer: 'Answer…',
  decline: 'Decline',
} as const;
export type ApprovalButtonLabel = (typeof ApprovalButton)[keyof typeof ApprovalButton];

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** `opensymphony.approvals.modal*` settings: which requests interrupt with a modal dialog. */
export interface ModalRiskRules {
  /** The least risk level that uses a modal; `off` never does by level. */
  minimumLevel: RiskLevel | 'off';
  /** Risk flags (`deletion`, `network`, …) that use a modal whatever the level. */
  flags: readonly string[];
}

export const DEFAULT_MODAL_RULES: ModalRiskRules = { minimumLevel: 'high', flags: [] };

export interface ApprovalPrompt {
  /** The notification's one line. */
  message: string;
  /** Longer text: for a modal its `detail`; for a toast, appended to the message. */
  detail: string;
  modal: boolean;
  buttons: ApprovalButtonLabel[];
}

/** True when the request's risk matches the user's modal rules. */
export function needsModal(risk: ApprovalRisk | null | undefined, rules: ModalRiskRules): boolean {
  if (!risk) return false;
  if (risk.flags.some((flag) => rules.flags.includes(flag))) return true;
  if (rules.minimumLevel === 'off') return false;
  return RISK_LEVELS.indexOf(risk.level) >= RISK_LEVELS.indexOf(rules.minimumLevel);
}

/**
 * The command as a user reads it: without the `bash -lc '…'` wrapper Codex reports every command
 * in (the raw form stays in `approval.command`, shown where there is room for it).
 */
export function shownCommand(approval: Pick<Approval, 'command'>): string {
  return (approval.command && unwrapShellCommand(approval.command)) || '(unknown command)';
}

/** The raw command when the shown one left a wrapper out, else null. */
export function wrappedCommand(approval: Pick<Approval, 'command'>): string | null {
  return approval.command && shownCommand(approval) !== approval.command.trim() ? approval.command : null;
}

/** "wants to run: npm test" / "wants to change a.ts, b.ts" / "asks: Which branch?". */
export function describeRequest(approval: Approval): string {
  if (approval.kind === 'user_input') return `asks: ${approval.questions?.[0]?.question ?? '(no question given)'}`;
  if (approval.kind === 'command') return `wants to run: ${shownCommand(approval)}`;
  return `wants to change ${approval.files.length ? approval.files.join(', ') : 'files'}`;
}

/** "expires in 4 min" / "expires in 30 s" / "expired", or null without an expiry. */
export function expiryText(expiresAt: string | null | undefined, now: number): string | null {
  if (!expiresAt) return null;
  const seconds = Math.round((Date.parse(expiresAt) - now) / 1000);
  if (!Number.isFinite(seconds)) return null;
  if (seconds <= 0) return 'expired';
  if (seconds < 90) return `expires in ${seconds} s`;
  if (seconds < 90 * 60) return `expires in ${Math.round(seconds / 60)} min`;
  return `expires in ${Math.round(seconds / 3600)} h`;
}

/** The notification for a pending request, given the user's modal rules and the current time. */
export function approvalPrompt(approval: Approval, rules: ModalRiskRules, now: number): ApprovalPrompt {
  if (approval.kind === 'user_input') return questionPrompt(approval, now);
  const modal = needsModal(approval.risk, rules);
  // A request the classifier found nothing in ("no risk signals found") gets no risk line: noise.
  const riskLine = approval.risk?.flags.length ? `${approval.risk.level} risk: ${approval.risk.summary}` : '';
  const wrapped = approval.kind === 'command' ? wrappedCommand(approval) : null;
  const detailLines = [
    riskLine,
    wrapped ? `Runs as: ${wrapped}` : '',
    approval.reason ? `Reason: ${approval.reason}` : '',
    approval.cwd ? `In ${approval.cwd}` : '',
    '"Approve Always" also approves matching requests for the rest of this run.',
  ].filter(Boolean);
  const buttons: ApprovalButtonLabel[] = modal
    ? [ApprovalButton.approve, ApprovalButton.approveAlways, ApprovalButton.deny, ApprovalButton.denyWithFeedback, ApprovalButton.details]
    : [ApprovalButton.approve, ApprovalButton.approveAlways, ApprovalButton.deny, ApprovalButton.details];
  const toastSuffix = [riskLine && `(${riskLine})`, approval.reason && !riskLine ? `(${approval.reason})` : ''].filter(Boolean).join(' ');
  return {
    message: modal ? `${approval.issue_identifier} ${describeRequest(approval)}` : `OpenSymphony: ${approval.issue_identifier} ${describeRequest(approval)}${toastSuffix ? ` ${toastSuffix}` : ''}`,
    detail: detailLines.join('\n'),
    modal,
    buttons,
  };
}

function questionPrompt(approval: Approval, now: number): ApprovalPrompt {
  const questions = approval.questions ?? [];
  const more = questions.length > 1 ? ` (+${questions.length - 1} more question${questions.length > 2 ? 's' : ''})` : '';
  const expiry = expiryText(approval.expires_at, now);
  return {
    message: `OpenSymphony: ${approval.issue_identifier} ${describeRequest(approval)}${more}${expiry ? ` · ${expiry}` : ''}`,
    detail: questions.map((question, index) => `${index + 1}. ${question.header ? `${question.header}: ` : ''}${question.question}`).join('\n'),
    modal: false,
    buttons: [ApprovalButton.answer, ApprovalButton.decline, ApprovalButton.details],
  };
}

/**
 * What a click on a stale notification says: the request was settled elsewhere (another window, a
 * browser, a rule, the run ending), so the click changed nothing.
 */
export function settledElsewhereText(approval: Approval): string {
  const who = approval.decided_by ? ` by ${approval.decided_by.kind === 'user' ? (approval.decided_by.id ?? 'a user') : approval.decided_by.kind === 'rule' ? 'a rule' : 'the host'}` : '';
  const how = approval.state === 'cancelled'
    ? `was cancelled${approval.cancel_reason ? ` (${approval.cancel_reason})` : ''}`
    : `was already ${approval.state}${who}${approval.scope === 'run' ? ' for the rest of the run' : ''}`;
  return `OpenSymphony: ${approval.issue_identifier}'s request ${how}; your click changed nothing.`;
}
