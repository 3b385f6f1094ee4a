import type { z } from 'zod';
import {
  CommentRequestSchema, CreateFollowupRequestSchema, CreateIssueRequestSchema, CreateMilestoneRequestSchema, CreateSubIssueRequestSchema,
  RehydrateRequestSchema, TransitionIssueRequestSchema,
} from '../protocol/index.ts';
import { defineAction } from './actionDefinition.ts';
import type { ActionDefinition } from './actionDefinition.ts';
import type { ActionContext, ActionOutcome } from './gatewayBackend.ts';
import { refusal } from './gatewayBackend.ts';
import type { Role } from './roles.ts';
import type { TrackerActionBackend } from './trackerActionBackend.ts';

type TrackerCall<S extends z.ZodType> = (tracker: TrackerActionBackend, request: z.infer<S>, context: ActionContext) => Promise<ActionOutcome>;

/** A tracker write: refused with `not_supported` on a host without tracker actions. */
function trackerAction<S extends z.ZodType>(name: string, schema: S, call: TrackerCall<S>, route: { pattern?: string; role?: Role } = {}): ActionDefinition {
  return defineAction({
    name, schema, ...route,
    perform: (backend, request, context) => backend.trackerActions
      ? call(backend.trackerActions, request, context)
      : Promise.resolve(refusal('not_supported', 'this host does not write to its tracker')),
  });
}

/** `POST /api/v1/actions/{rehydrate,comment,transition-issue,create-followup}` (operator). */
export const TRACKER_ACTIONS: readonly ActionDefinition[] = [
  trackerAction('rehydrate', RehydrateRequestSchema, (tracker, request, context) => tracker.rehydrate(request, context)),
  trackerAction('comment', CommentRequestSchema, (tracker, request, context) => tracker.comment(request, context)),
  trackerAction('transition-issue', TransitionIssueRequestSchema, (tracker, request, context) => tracker.transitionIssue(request, context)),
  trackerAction('create-followup', CreateFollowupRequestSchema, (tracker, request, context) => tracker.createFollowup(request, context)),
];

/** `POST /api/v1/taskgraph/{milestones,issues,sub-issues}` (admin): new tracker nodes. */
export const TASK_GRAPH_WRITES: readonly ActionDefinition[] = [
  trackerAction('create-milestone', CreateMilestoneRequestSchema, (tracker, request, context) => tracker.createMilestone(request, context), { pattern: '/api/v1/taskgraph/milestones', role: 'admin' }),
  trackerAction('create-issue', CreateIssueRequestSchema, (tracker, request, context) => tracker.createIssue(request, context), { pattern: '/api/v1/taskgraph/issues', role: 'admin' }),
  trackerAction('create-sub-issue', CreateSubIssueRequestSchema, (tracker, request, context) => tracker.createSubIssue(request, context), { pattern: '/api/v1/taskgraph/sub-issues', role: 'admin' }),
];
