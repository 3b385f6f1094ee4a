import type { Approval, NewEvent } from '../../../../host/protocol/index.ts';
import { ApprovalSchema, EventTypes } from '../../../../host/protocol/index.ts';
import type { ApprovalReply, ApprovalRequest, UserInputReply, UserInputRequest } from '../../../../host/harness/harnessAdapter.ts';
import { ApprovalService } from '../../../../host/approvals/approvalService.ts';
import type { DecisionInput } from '../../../../host/approvals/approvalService.ts';
import type { ApprovalRuleConfig } from '../../../../host/workflow/workflowConfig.ts';

/** A real ApprovalService for one run, with a scripted person who answers what reaches them. */
export interface HumanLoop {
  readonly service: ApprovalService;
  /** Every event the service published, in order. */
  readonly published: NewEvent[];
  /** The requests that reached the person (`approval.requested`). */
  readonly asked: Approval[];
  /** The sink's `requestApproval`: rules first, then the person. */
  ask(request: ApprovalRequest): Promise<ApprovalReply>;
  /** The sink's `requestUserInput`: straight to the person, with the loop's deadline. */
  askUser(request: UserInputRequest): Promise<UserInputReply>;
  approvalsOf(type: string): Approval[];
}

export interface HumanLoopOptions {
  workspacePath: string;
  rules?: ApprovalRuleConfig[];
  /** WORKFLOW.md `approvals.input_timeout_ms` (default 300 s). */
  inputTimeoutMs?: number;
  /** The person's answer; called once per request that reaches them (default: approve). */
  answer?: (approval: Approval) => DecisionInput | Promise<DecisionInput>;
}

export function createHumanLoop(options: HumanLoopOptions): HumanLoop {
  const published: NewEvent[] = [];
  const asked: Approval[] = [];
  const answer = options.answer ?? ((): DecisionInput => ({ decision: 'approve' }));
  const service: ApprovalService = new ApprovalService((event) => {
    published.push(event);
    if (event.type !== EventTypes.approvalRequested) return;
    const approval = ApprovalSchema.parse(event.payload.approval);
    asked.push(approval);
    // The person answers asynchronously, as a client's decision arrives through the gateway.
    void Promise.resolve(answer(approval)).then((input) => service.decide(approval.id, input, `corr-${asked.length}`));
  });
  const subject = {
    runId: 'run-1', issueId: 'issue-1', issueIdentifier: 'OS-1', workspacePath: options.workspacePath, rules: options.rules ?? [],
    inputTimeoutMs: options.inputTimeoutMs,
  };
  return {
    service,
    published,
    asked,
    ask: (request) => service.request(subject, request),
    askUser: (request) => service.requestUserInput(subject, request),
    approvalsOf: (type) => published.filter((event) => event.type === type).map((event) => ApprovalSchema.parse(event.payload.approval)),
  };
}
