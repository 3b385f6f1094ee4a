import type { TaskGraphReader } from '../taskgraph/taskGraphReader.ts';
import type {
  ActionRejectionCode, ApprovalDecisionRequest, Capabilities, DashboardSnapshot, DispatchRequest,
} from '../protocol/index.ts';
import type { RunBackend } from './runBackend.ts';
import type { TrackerActionBackend } from './trackerActionBackend.ts';
import type { Role } from './roles.ts';

/** Identity of one mutation, minted by the gateway; effects carry `correlationId`. */
export interface ActionContext {
  actionId: string;
  correlationId: string;
  /** Who asked (the token's name and role), for audit fields such as an approval's `decided_by`. */
  principal?: { name: string; role: Role };
}

/** What the host decided about a mutation, right now. */
export interface ActionOutcome {
  accepted: boolean;
  reason: string | null;
  /** With a refusal: its category (the receipt's `reason_code`). */
  reasonCode?: ActionRejectionCode | null;
  expectedEvents: string[];
  result: Record<string, unknown> | null;
}

/** What the gateway needs from the rest of the host; implemented in the composition root. */
export interface GatewayBackend {
  isReady(): boolean;
  /** True once the host has begun to stop (not ready again until a new host starts). */
  isStopping?(): boolean;
  capabilities(): Capabilities;
  snapshot(): DashboardSnapshot;
  dispatch(request: DispatchRequest, context: ActionContext): Promise<ActionOutcome>;
  decideApproval(request: ApprovalDecisionRequest, context: ActionContext): Promise<ActionOutcome>;
  /** The task graph (projects, milestones, issues with runtime overlays); its routes answer 404 without it. */
  taskGraph?: TaskGraphReader;
  /** Runs: detail, changed files, diffs and run actions; the run routes answer 404 (reads) or `not_supported` (actions) without it. */
  runs?: RunBackend;
  /** Tracker writes (comments, transitions, new issues and milestones); `not_supported` without it. */
  trackerActions?: TrackerActionBackend;
}

/** A refusal outcome: nothing happened, nothing will follow. */
export function refusal(reasonCode: ActionRejectionCode, reason: string): ActionOutcome {
  return { accepted: false, reason, reasonCode, expectedEvents: [], result: null };
}
