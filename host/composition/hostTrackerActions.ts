import { CodedError } from '../base/errors.ts';
import type { ActionContext, ActionOutcome } from '../gateway/gatewayBackend.ts';
import { refusal } from '../gateway/gatewayBackend.ts';
import type { TrackerActionBackend } from '../gateway/trackerActionBackend.ts';
import type { EventJournal } from '../journal/eventJournal.ts';
import type { ActionRejectionCode, Issue, NewEvent } from '../protocol/index.ts';
import { EventTypes, TrackerWriteEventTypes } from '../protocol/index.ts';
import type { NewTrackerIssue, Tracker } from '../tracker/tracker.ts';

/** What the tracker actions need from the host. */
export interface HostTrackerActionDeps {
  journal: EventJournal;
  tracker: () => Tracker | undefined;
  /** Why the configured tracker cannot be used now (missing key, bad kind), if so. */
  trackerProblem?: () => string | undefined;
  /** Issues the host knows (to tell a rehydrated issue that vanished from an id that never existed). */
  knownIssues: () => Issue[];
  /** Asks the orchestrator for a tick soon, so scheduling sees a write. */
  poke?: () => void;
  /** Asks the task graph to fetch projects and milestones again. */
  refreshStructure?: () => Promise<void>;
}

/** Tracker error codes and the refusal each becomes; other coded errors are `unavailable`. */
const REFUSAL_OF_CODE: Readonly<Record<string, ActionRejectionCode>> = {
  tracker_not_found: 'not_found',
  linear_project_not_found: 'not_found',
  tracker_unknown_state: 'invalid_request',
  tracker_write_rejected: 'invalid_request',
  tracker_payload_error: 'invalid_request',
  linear_graphql_errors: 'invalid_request',
};

/**
 * The tracker writes behind the gateway's actions. A write goes to the tracker first; what it
 * created or changed is then journaled with the action's correlation id (`tracker.synced` with the
 * issue, so the task graph shows it at once; `tracker.comment_created`; `tracker.milestone_created`)
 * before the receipt is answered. Tracker failures are refusals with a reason code, never 500s.
 */
export function createHostTrackerActions(deps: HostTrackerActionDeps): TrackerActionBackend {
  const write = (what: string, run: (tracker: Tracker) => Promise<ActionOutcome> | undefined) => performWrite(deps, what, run);
  return {
    rehydrate: (request, context) => write('re-read issues', (tracker) => rehydrate(deps, tracker, request.issue_id, context)),
    comment: (request, context) => write('add comments', (tracker) => tracker.createComment?.(request.issue_id, request.body).then(async (comment) => {
      await publish(deps, context, { type: TrackerWriteEventTypes.commentCreated, summary: `comment added to ${request.issue_id}`, payload: { issue_id: request.issue_id, comment }, entity_refs: [{ kind: 'issue', id: request.issue_id }] });
      return accepted([TrackerWriteEventTypes.commentCreated], { issue_id: request.issue_id, comment_id: comment.id, url: comment.url });
    })),
    transitionIssue: (request, context) => write('change issue states', (tracker) => tracker.transitionIssue?.(request.issue_id, request.state).then((issue) => issueWritten(deps, context, issue, `moved to ${issue.state}`))),
    createFollowup: (request, context) => createIssue(deps, context, { parentId: request.issue_id, title: request.title, description: request.description, state: request.state }),
    createIssue: (request, context) => createIssue(deps, context, {
      projectId: request.project_id, milestoneId: request.milestone_id, title: request.title, description: request.description, state: request.state, priority: request.priority,
    }),
    createSubIssue: (request, context) => createIssue(deps, context, {
      parentId: request.parent_issue_id, title: request.title, description: request.description, state: request.state, priority: request.priority,
    }),
    createMilestone: (request, context) => write('create milestones', (tracker) => tracker.createMilestone?.({
      projectId: request.project_id, name: request.name, description: request.description, targetDate: request.target_date,
    }).then(async (milestone) => {
      await publish(deps, context, { type: TrackerWriteEventTypes.milestoneCreated, summary: `milestone ${milestone.name} created`, payload: { milestone } });
      deps.refreshStructure?.().catch(() => undefined);
      return accepted([TrackerWriteEventTypes.milestoneCreated], { milestone_id: milestone.id, project_id: milestone.project_id, name: milestone.name });
    })),
  };
}

function createIssue(deps: HostTrackerActionDeps, context: ActionContext, input: NewTrackerIssue): Promise<ActionOutcome> {
  return performWrite(deps, 'create issues', (tracker) => tracker.createIssue?.(input).then((issue) => issueWritten(deps, context, issue, 'created')));
}

/** Re-reads one issue now; journals it, or its removal when the tracker no longer has an issue the host knew. */
async function rehydrate(deps: HostTrackerActionDeps, tracker: Tracker, issueId: string, context: ActionContext): Promise<ActionOutcome> {
  const issue = tracker.refreshIssue ? await tracker.refreshIssue(issueId) : (await tracker.fetchIssuesByIds([issueId]))[0];
  if (issue) return issueWritten(deps, context, issue, 're-read from the tracker');
  if (!deps.knownIssues().some((known) => known.id === issueId)) return refusal('not_found', `the tracker has no issue ${JSON.stringify(issueId)} in scope`);
  await publish(deps, context, { type: EventTypes.trackerSynced, summary: `tracker: ${issueId} is gone`, payload: { upserted: [], removed: [issueId] }, entity_refs: [{ kind: 'issue', id: issueId }] });
  deps.poke?.();
  return accepted([EventTypes.trackerSynced], { issue_id: issueId, removed: true });
}

/** Journals the issue as the tracker now has it (a partial `tracker.synced`: no `total`). */
async function issueWritten(deps: HostTrackerActionDeps, context: ActionContext, issue: Issue, what: string): Promise<ActionOutcome> {
  await publish(deps, context, {
    type: EventTypes.trackerSynced, summary: `tracker: ${issue.identifier} ${what}`, payload: { upserted: [issue], removed: [] },
    entity_refs: [{ kind: 'issue', id: issue.id, identifier: issue.identifier }],
  });
  deps.poke?.();
  return accepted([EventTypes.trackerSynced], { issue_id: issue.id, identifier: issue.identifier, state: issue.state, url: issue.url });
}

/** Runs a write: `not_supported` when the tracker lacks it (the call returns undefined), tracker errors as refusals. */
async function performWrite(deps: HostTrackerActionDeps, what: string, run: (tracker: Tracker) => Promise<ActionOutcome> | undefined): Promise<ActionOutcome> {
  const problem = deps.trackerProblem?.();
  const tracker = deps.tracker();
  if (problem || !tracker) return refusal('unavailable', `the tracker is not available: ${problem ?? 'WORKFLOW.md has not loaded'}`);
  try {
    const pending = run(tracker);
    return pending ? await pending : refusal('not_supported', `the ${tracker.kind} tracker cannot ${what}`);
  } catch (error) {
    if (!(error instanceof CodedError)) throw error;
    return refusal(REFUSAL_OF_CODE[error.code] ?? 'unavailable', error.message);
  }
}

function publish(deps: HostTrackerActionDeps, context: ActionContext, event: Omit<NewEvent, 'actor' | 'correlation_id'>): Promise<unknown> {
  return deps.journal.append([{ ...event, actor: { kind: 'user', ...(context.principal ? { id: context.principal.name } : {}) }, correlation_id: context.correlationId }]);
}

function accepted(expectedEvents: string[], result: Record<string, unknown>): ActionOutcome {
  return { accepted: true, reason: null, reasonCode: null, expectedEvents, result };
}
