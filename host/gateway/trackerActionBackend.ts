import type {
  CommentRequest, CreateFollowupRequest, CreateIssueRequest, CreateMilestoneRequest, CreateSubIssueRequest,
  RehydrateRequest, TransitionIssueRequest,
} from '../protocol/index.ts';
import type { ActionContext, ActionOutcome } from './gatewayBackend.ts';

/** The tracker writes the gateway offers: operator actions on issues and admin task-graph writes. */
export interface TrackerActionBackend {
  rehydrate(request: RehydrateRequest, context: ActionContext): Promise<ActionOutcome>;
  comment(request: CommentRequest, context: ActionContext): Promise<ActionOutcome>;
  transitionIssue(request: TransitionIssueRequest, context: ActionContext): Promise<ActionOutcome>;
  createFollowup(request: CreateFollowupRequest, context: ActionContext): Promise<ActionOutcome>;
  createMilestone(request: CreateMilestoneRequest, context: ActionContext): Promise<ActionOutcome>;
  createIssue(request: CreateIssueRequest, context: ActionContext): Promise<ActionOutcome>;
  createSubIssue(request: CreateSubIssueRequest, context: ActionContext): Promise<ActionOutcome>;
}
