import { randomUUID } from 'node:crypto';
import type { Approval, ApprovalDecision, ApprovalRule, NewEvent } from '../protocol/index.ts';
import type { ApprovalReply, ApprovalRequest, UserInputReply, UserInputRequest } from '../harness/harnessAdapter.ts';
import type { ApprovalRuleConfig } from '../workflow/workflowConfig.ts';
import type { Clock } from '../base/clock.ts';
import { systemClock } from '../base/clock.ts';
import { CodedError } from '../base/errors.ts';
import type { IDisposable } from '../base/lifecycle.ts';
import { autoDecidedEvent, requestedEvent, resolvedEvent } from './approvalEvents.ts';
import { alwaysRulesFor, describeRule, firstMatch, workflowRules } from './approvalRules.ts';
import type { RuleTarget } from './approvalRules.ts';
import { classifyRisk } from './riskClassifier.ts';
import { checkedAnswers, expiryReason, INVALID_ANSWERS, journaledAnswers } from './userInputAnswers.ts';

/** The run a request belongs to, and what its rules are matched against. */
export interface ApprovalSubject {
  runId: string;
  issueId: string;
  issueIdentifier: string;
  /** The run's workspace: relative path globs and the "outside the workspace" risk use it. */
  workspacePath?: string | null;
  /** WORKFLOW.md `approvals.rules` as they are now; none means every request asks a human. */
  rules?: readonly ApprovalRuleConfig[];
  /** WORKFLOW.md `approvals.input_timeout_ms`: how long a question waits for a human (default 300 s). */
  inputTimeoutMs?: number;
}

/** A human's decision, with feedback for the agent (kept with a denial) and who made it. */
export interface DecisionInput {
  decision: ApprovalDecision;
  feedback?: string | null;
  /** The user or token name, when the caller knows it. */
  decidedBy?: string | null;
  /** With `approve` of a `user_input` request: question id → answer (an option's label or free text). */
  answers?: Readonly<Record<string, string>>;
}

export interface ApprovalServiceOptions {
  /** Timestamps of requests and decisions (default: the system clock). */
  now?: () => number;
  /** Timestamps and the deadlines of questions (default: the system clock); `now` wins for timestamps. */
  clock?: Clock;
}

/** Codes of decisions that do not fit the request (the request stays pending): the caller's mistake. */
export const INVALID_DECISION_CODES: ReadonlySet<string> = new Set([INVALID_ANSWERS, 'approval_decision_invalid']);

/** How long a question waits for a human when WORKFLOW.md does not say. */
export const DEFAULT_INPUT_TIMEOUT_MS = 300_000;

/** A command or file-change request waiting for a human. */
interface PendingAction {
  kind: 'action';
  approval: Approval;
  target: RuleTarget;
  rules: readonly ApprovalRule[];
  resolve: (reply: ApprovalReply) => void;
  reject: (error: Error) => void;
}

/** Questions waiting for a human until `expiry` fires. */
interface PendingQuestion {
  kind: 'question';
  approval: Approval;
  expiry: IDisposable;
  resolve: (reply: UserInputReply) => void;
  reject: (error: Error) => void;
}

type Pending = PendingAction | PendingQuestion;

const RECENT_LIMIT = 200;

/**
 * One approval model for every harness. A request is first matched against the WORKFLOW.md rules,
 * then against the run's "approve always" rules (first match wins): `allow` and `deny` settle it at
 * once, with an `approval.auto_decided` event naming the rule; `ask` or no match waits for a human.
 * Every request and decision is an event carrying the whole Approval DTO; a request is settled
 * exactly once; "approve always" also settles the run's other pending requests it covers; ending
 * a run cancels its pending requests (a denial for the agent). Questions (`user_input`) always go
 * to a human, wait until a deadline, and are answered, declined, or expire.
 */
export class ApprovalService {
  private readonly pending = new Map<string, Pending>();
  private readonly recent: Approval[] = [];
  private readonly runRules = new Map<string, ApprovalRule[]>();
  private readonly publish: (event: NewEvent) => void;
  private readonly now: () => number;
  private readonly clock: Clock;

  constructor(publish: (event: NewEvent) => void, options: ApprovalServiceOptions = {}) {
    this.publish = publish;
    this.clock = options.clock ?? systemClock;
    this.now = options.now ?? (() => this.clock.now());
  }

  /** Decides by rule, or asks a human; resolves with the reply for the harness, rejects when the run is cancelled. */
  request(subject: ApprovalSubject, request: ApprovalRequest): Promise<ApprovalReply> {
    const target: RuleTarget = { request, workspacePath: subject.workspacePath ?? null };
    const rules = workflowRules(subject.rules ?? []);
    const approval = this.newApproval(subject, { ...request, risk: classifyRisk(request, subject.workspacePath ?? null) });
    const rule = firstMatch([...rules, ...(this.runRules.get(subject.runId) ?? [])], target);
    if (rule && rule.action !== 'ask') return Promise.resolve(this.autoDecide(approval, rule));
    return new Promise<ApprovalReply>((resolve, reject) => {
      const asked: Approval = { ...approval, rule: rule ?? null };
      this.pending.set(asked.id, { kind: 'action', approval: asked, target, rules, resolve, reject });
      this.publish(requestedEvent(asked));
    });
  }

  /**
   * Asks a human the agent's questions; no rule ever answers them (a rule cannot know the answer).
   * Resolves answered or declined by a user, or expired after `subject.inputTimeoutMs`; rejects
   * when the run is cancelled.
   */
  requestUserInput(subject: ApprovalSubject, request: UserInputRequest): Promise<UserInputReply> {
    const timeoutMs = subject.inputTimeoutMs ?? DEFAULT_INPUT_TIMEOUT_MS;
    const approval: Approval = {
      ...this.newApproval(subject, { kind: 'user_input', command: null, cwd: null, files: [], reason: request.reason, risk: null }),
      questions: request.questions, expires_at: this.iso(this.now() + timeoutMs), answers: null,
    };
    return new Promise<UserInputReply>((resolve, reject) => {
      const expiry = this.clock.setTimeout(() => this.expire(approval.id, timeoutMs), timeoutMs);
      this.pending.set(approval.id, { kind: 'question', approval, expiry, resolve, reject });
      this.publish(requestedEvent(approval));
    });
  }

  /** Applies a human decision; throws `approval_not_pending` when it was already settled or is unknown. */
  decide(approvalId: string, input: ApprovalDecision | DecisionInput, correlationId: string | null): Approval {
    const { decision, feedback = null, decidedBy = null } = typeof input === 'string' ? { decision: input } : input;
    const entry = this.pending.get(approvalId);
    if (!entry) throw new CodedError('approval_not_pending', `approval ${approvalId} is not pending (already decided, cancelled or unknown)`);
    if (entry.kind === 'question') return this.answer(entry, { decision, feedback, decidedBy, answers: typeof input === 'string' ? undefined : input.answers }, correlationId);
    this.pending.delete(approvalId);
    const approve = decision !== 'deny';
    const scope = decision === 'approve_always' ? 'run' : 'once';
    const settled = this.settle(entry.approval, {
      state: approve ? 'approved' : 'denied', decision, scope, feedback: approve ? null : feedback?.trim() || null,
      decided_by: { kind: 'user', id: decidedBy }, rule: null,
    });
    this.publish(resolvedEvent(settled, correlationId));
    entry.resolve({ verdict: approve ? 'approve' : 'deny', scope, feedback: settled.feedback ?? null });
    if (scope === 'run') this.approveAlways(entry, correlationId);
    return settled;
  }

  /** Cancels every pending request of a run and forgets its run-scoped rules (the run ended or was cancelled). */
  cancelForRun(runId: string, reason: string): void {
    this.runRules.delete(runId);
    for (const entry of [...this.pending.values()]) {
      if (entry.approval.run_id !== runId) continue;
      this.forget(entry);
      const settled = this.settle(entry.approval, { state: 'cancelled', decided_by: { kind: 'host', id: null }, cancel_reason: reason });
      this.publish(resolvedEvent(settled, null));
      entry.reject(new CodedError('approval_cancelled', reason));
    }
  }

  /**
   * Settles requests a previous host process left pending (read from the journal): nobody can
   * answer them any more, so they end as `cancelled` and no client keeps showing them.
   */
  cancelOrphaned(orphans: readonly Approval[], reason: string): void {
    for (const orphan of orphans) {
      if (orphan.state !== 'pending' || this.pending.has(orphan.id)) continue;
      const settled = this.settle(orphan, { state: 'cancelled', decided_by: { kind: 'host', id: null }, cancel_reason: reason });
      this.publish(resolvedEvent(settled, null));
    }
  }

  /** Pending requests first, then the most recently settled ones. */
  list(): Approval[] {
    return [...[...this.pending.values()].map((entry) => entry.approval), ...this.recent];
  }

  pendingCount(): number {
    return this.pending.size;
  }

  /** The run-scoped rules "approve always" added to a run so far. */
  rulesForRun(runId: string): readonly ApprovalRule[] {
    return this.runRules.get(runId) ?? [];
  }

  /** Stops tracking a pending request (and its deadline). */
  private forget(entry: Pending): void {
    this.pending.delete(entry.approval.id);
    if (entry.kind === 'question') entry.expiry.dispose();
  }

  /**
   * A human's decision on questions: `approve` with an answer to every question, or `deny` to
   * decline; `approve_always` means nothing for questions and is refused. Invalid answers throw
   * (`approval_answers_invalid`) and leave the request pending, so the user can try again.
   */
  private answer(entry: PendingQuestion, input: DecisionInput, correlationId: string | null): Approval {
    if (input.decision === 'approve_always') {
      throw new CodedError('approval_decision_invalid', '"Approve always" does not apply to questions: answer them (approve with answers) or decline (deny).');
    }
    const questions = entry.approval.questions ?? [];
    const answers = input.decision === 'approve' ? checkedAnswers(questions, input.answers) : null;
    this.forget(entry);
    const settled = this.settle(entry.approval, {
      state: answers ? 'approved' : 'denied', decision: input.decision, scope: 'once',
      feedback: answers ? null : input.feedback?.trim() || null, decided_by: { kind: 'user', id: input.decidedBy ?? null },
      answers: answers ? journaledAnswers(questions, answers) : null,
    });
    this.publish(resolvedEvent(settled, correlationId));
    entry.resolve(answers ? { outcome: 'answered', answers } : { outcome: 'declined' });
    return settled;
  }

  /** Nobody answered in time: the request ends `cancelled` and the harness fails its turn. */
  private expire(approvalId: string, timeoutMs: number): void {
    const entry = this.pending.get(approvalId);
    if (entry?.kind !== 'question') return;
    this.forget(entry);
    const reason = expiryReason(timeoutMs);
    const settled = this.settle(entry.approval, { state: 'cancelled', decided_by: { kind: 'host', id: null }, cancel_reason: reason });
    this.publish(resolvedEvent(settled, null));
    entry.resolve({ outcome: 'expired', message: `The agent asked the user ${describeQuestions(entry.approval)} and got ${reason} (approvals.input_timeout_ms).` });
  }

  private newApproval(subject: ApprovalSubject, what: Pick<Approval, 'kind' | 'command' | 'cwd' | 'files' | 'reason' | 'risk'>): Approval {
    return {
      id: randomUUID(), run_id: subject.runId, issue_id: subject.issueId, issue_identifier: subject.issueIdentifier,
      kind: what.kind, command: what.command, cwd: what.cwd, files: what.files, reason: what.reason,
      state: 'pending', requested_at: this.iso(), decided_at: null, risk: what.risk,
      decision: null, scope: null, feedback: null, decided_by: null, rule: null, cancel_reason: null,
    };
  }

  private autoDecide(approval: Approval, rule: ApprovalRule): ApprovalReply {
    const approve = rule.action === 'allow';
    const feedback = approve ? null : `Denied by ${describeRule(rule)}; do not retry it, choose another way.`;
    const settled = this.settle(approval, {
      state: approve ? 'approved' : 'denied', decision: approve ? 'approve' : 'deny', scope: 'once', feedback,
      decided_by: { kind: 'rule', id: null }, rule,
    });
    this.publish(autoDecidedEvent(settled));
    return { verdict: approve ? 'approve' : 'deny', scope: 'once', feedback };
  }

  /** Adds the run-scoped rules and settles the run's other pending requests they now allow. */
  private approveAlways(decided: PendingAction, correlationId: string | null): void {
    const runId = decided.approval.run_id;
    const added = alwaysRulesFor(decided.target);
    this.runRules.set(runId, [...(this.runRules.get(runId) ?? []), ...added]);
    for (const [id, entry] of this.pending) {
      if (entry.kind !== 'action' || entry.approval.run_id !== runId) continue;
      const rule = firstMatch([...entry.rules, ...(this.runRules.get(runId) ?? [])], entry.target);
      if (rule?.action !== 'allow' || rule.source !== 'run') continue;
      this.pending.delete(id);
      const settled = this.settle(entry.approval, { state: 'approved', decision: 'approve', scope: 'once', decided_by: { kind: 'rule', id: null }, rule });
      this.publish(resolvedEvent(settled, correlationId));
      entry.resolve({ verdict: 'approve', scope: 'once', feedback: null });
    }
  }

  private settle(approval: Approval, change: Partial<Approval>): Approval {
    const settled: Approval = { ...approval, ...change, decided_at: this.iso() };
    this.recent.unshift(settled);
    this.recent.length = Math.min(this.recent.length, RECENT_LIMIT);
    return settled;
  }

  private iso(at = this.now()): string {
    return new Date(at).toISOString();
  }
}

/** `"Which colour?"` or `2 questions`, for messages. */
function describeQuestions(approval: Approval): string {
  const questions = approval.questions ?? [];
  return questions.length === 1 ? `"${questions[0]!.question}"` : `${questions.length} questions`;
}
