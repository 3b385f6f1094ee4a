import type { Issue } from '../protocol/index.ts';
import { dispatchBlocker, hasSlotFor, isTerminal, type EligibilityConfig, type SlotUsage } from './eligibility.ts';
import type { IssueGraph } from './hierarchyRule.ts';

/** What a due retry does (Symphony §16.6, steps 3–7). */
export type RetryDecision =
  | { kind: 'release'; why: string; removeWorkspace: boolean }
  | { kind: 'requeue_no_slots' }
  | { kind: 'dispatch'; issue: Issue };

/**
 * Decides a due retry from the issue's by-id refresh: gone → release; terminal → release and
 * remove the workspace; no longer dispatchable (the issue's own claim aside) → release; no free
 * slot → requeue; otherwise dispatch.
 */
export function decideRetry(issue: Issue | undefined, config: EligibilityConfig, graph: IssueGraph, usage: SlotUsage): RetryDecision {
  if (!issue) return { kind: 'release', why: 'the issue is no longer in the tracker', removeWorkspace: false };
  if (isTerminal(issue, config)) return { kind: 'release', why: `the issue is ${issue.state}`, removeWorkspace: true };
  const blocker = dispatchBlocker(issue, config, graph);
  if (blocker) return { kind: 'release', why: `the issue ${blocker}`, removeWorkspace: false };
  if (!hasSlotFor(issue, usage, config)) return { kind: 'requeue_no_slots' };
  return { kind: 'dispatch', issue };
}
