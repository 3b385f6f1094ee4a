import type { Issue } from '../protocol/index.ts';
import type { EventJournal } from '../journal/eventJournal.ts';
import type { HarnessAdapter } from '../harness/harnessAdapter.ts';
import type { Tracker } from '../tracker/tracker.ts';
import type { WorkflowDefinition } from '../workflow/workflowConfig.ts';
import type { WorkspaceManager } from '../workspace/workspaceManager.ts';
import type { ApprovalService } from '../approvals/approvalService.ts';
import type { Clock } from '../base/clock.ts';
import type { Logger } from '../base/logger.ts';

/** The orchestrator's ports; the composition root wires the concrete parts. */
export interface OrchestratorDeps {
  journal: EventJournal;
  /** Drives every orchestrator timer (poll, retries) and every timestamp it writes. */
  clock: Clock;
  log: Logger;
  /** The last good WORKFLOW.md, if any loaded. */
  workflow: () => WorkflowDefinition | undefined;
  /** Why the latest load of WORKFLOW.md failed, while it does; new dispatch waits until it is fixed. */
  workflowProblem?: () => string | undefined;
  tracker: () => Tracker | undefined;
  /** Why the configured tracker is unavailable, if it is. */
  trackerProblem?: () => string | undefined;
  harness: (workflow: WorkflowDefinition) => HarnessAdapter;
  workspaces: WorkspaceManager;
  approvals: ApprovalService;
  renderPrompt: (template: string, issue: Issue, attempt: number | null) => Promise<string>;
  continuationPrompt: (turn: number, maxTurns: number) => string;
}

/** `agent.max_retry_backoff_ms`, or its default while no workflow is loaded. */
export function maxRetryBackoffMs(workflow: WorkflowDefinition | undefined): number {
  return workflow?.config.agent.max_retry_backoff_ms ?? 300_000;
}
