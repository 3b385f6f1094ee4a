import type { TaskGraphReader } from '../taskgraph/taskGraphReader.ts';
import type {
  ApprovalDecisionRequest, Capabilities, DashboardSnapshot, DispatchRequest,
} from '../protocol/index.ts';

/** Identity of one mutation, minted by the gateway; effects carry `correlationId`. */
export interface ActionContext {
  actionId: string;
  correlationId: string;
}

/** What the host decided about a mutation, right now. */
export interface ActionOutcome {
  accepted: boolean;
  reason: string | null;
  expectedEvents: string[];
  result: Record<string, unknown> | null;
}

/** What the gateway needs from the rest of the host; implemented in the composition root. */
export interface GatewayBackend {
  isReady(): boolean;
  capabilities(): Capabilities;
  snapshot(): DashboardSnapshot;
  dispatch(request: DispatchRequest, context: ActionContext): Promise<ActionOutcome>;
  decideApproval(request: ApprovalDecisionRequest, context: ActionContext): Promise<ActionOutcome>;
  /** The task graph (projects, milestones, issues with runtime overlays); its routes answer 404 without it. */
  taskGraph?: TaskGraphReader;
}
