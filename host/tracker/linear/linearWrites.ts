import { CodedError } from '../../base/errors.ts';
import type { Issue, Milestone } from '../../protocol/index.ts';
import { TrackerWriteErrorCode } from '../tracker.ts';
import type { NewTrackerIssue, NewTrackerMilestone, TrackerComment } from '../tracker.ts';
import type { LinearApiClient } from './linearApiClient.ts';
import { normalizeLinearIssue } from './linearIssueNormalizer.ts';
import {
  COMMENT_CREATE_MUTATION, ISSUE_CONTEXT_QUERY, ISSUE_CREATE_MUTATION, ISSUE_SET_STATE_MUTATION, MILESTONE_CREATE_MUTATION, PROJECT_CONTEXT_QUERY,
} from './linearMutations.ts';
import { readMilestone } from './linearProjectStructure.ts';

type Raw = Record<string, unknown>;

interface WorkflowState { id: string; name: string }
interface TeamContext { id: string; states: WorkflowState[] }
interface IssueContext { id: string; identifier: string; team: TeamContext; projectId: string | null; milestoneId: string | null }

/** What the writes need from the adapter: its client, its project, and where to put issues Linear returns. */
export interface LinearWritesOptions {
  api: LinearApiClient;
  projectSlug: string;
  /** Called with every issue a write returns, so reads see it before the next sync. */
  remember: (issue: Issue) => void;
}

/**
 * The Linear adapter's writes: `commentCreate`, `issueUpdate` (state by name), `issueCreate` (with
 * `parentId` for sub-issues) and `projectMilestoneCreate`. Everything is scoped to the configured
 * project: an issue or project outside it is `tracker_not_found`.
 */
export class LinearWrites {
  private readonly options: LinearWritesOptions;

  constructor(options: LinearWritesOptions) {
    this.options = options;
  }

  async createComment(issueId: string, body: string): Promise<TrackerComment> {
    const issue = await this.issueContext(issueId);
    const data = await this.options.api.query('comment_create', COMMENT_CREATE_MUTATION, { issueId: issue.id, body });
    const comment = object(succeeded(data.commentCreate, 'the comment').comment);
    const id = text(comment?.id);
    if (!id) throw rejected('Linear created the comment but did not return its id');
    return { id, url: text(comment?.url), created_at: text(comment?.createdAt) ?? new Date().toISOString() };
  }

  async transitionIssue(issueId: string, stateName: string): Promise<Issue> {
    const issue = await this.issueContext(issueId);
    const stateId = stateIdOf(issue.team, stateName);
    const data = await this.options.api.query('issue_update', ISSUE_SET_STATE_MUTATION, { id: issue.id, stateId });
    return this.remembered(succeeded(data.issueUpdate, 'the state change').issue, 'the updated issue');
  }

  async createIssue(input: NewTrackerIssue): Promise<Issue> {
    const parent = input.parentId ? await this.issueContext(input.parentId) : undefined;
    const project = parent ? undefined : await this.projectContext(input.projectId ?? null);
    const team = parent?.team ?? project?.team as TeamContext;
    const fields: Raw = {
      teamId: team.id,
      title: input.title,
      projectId: input.projectId ?? parent?.projectId ?? project?.id,
    };
    const milestoneId = input.milestoneId ?? parent?.milestoneId;
    if (milestoneId) fields.projectMilestoneId = milestoneId;
    if (parent) fields.parentId = parent.id;
    if (input.description) fields.description = input.description;
    if (input.state) fields.stateId = stateIdOf(team, input.state);
    if (input.priority) fields.priority = input.priority;
    const data = await this.options.api.query('issue_create', ISSUE_CREATE_MUTATION, { input: fields });
    return this.remembered(succeeded(data.issueCreate, 'the new issue').issue, 'the created issue');
  }

  async createMilestone(input: NewTrackerMilestone): Promise<Milestone> {
    const project = await this.projectContext(input.projectId);
    const fields: Raw = { projectId: project.id, name: input.name };
    if (input.description) fields.description = input.description;
    if (input.targetDate) fields.targetDate = input.targetDate;
    const data = await this.options.api.query('milestone_create', MILESTONE_CREATE_MUTATION, { input: fields });
    return readMilestone(succeeded(data.projectMilestoneCreate, 'the new milestone').projectMilestone, project.id, 'the created milestone');
  }

  private async issueContext(issueId: string): Promise<IssueContext> {
    const data = await this.options.api.query('issue_context', ISSUE_CONTEXT_QUERY, { id: issueId, projectSlug: this.options.projectSlug });
    const node = firstNode(data.issues);
    const id = text(node?.id);
    if (!node || !id) throw notFound(`no issue ${JSON.stringify(issueId)} in the Linear project "${this.options.projectSlug}" (it may be in another project, archived, or invisible to this key)`);
    return {
      id, identifier: text(node.identifier) ?? id, team: teamOf(node.team),
      projectId: text(object(node.project)?.id), milestoneId: text(object(node.projectMilestone)?.id),
    };
  }

  /** The configured project (which `projectId`, when given, must name) and its first team. */
  private async projectContext(projectId: string | null): Promise<{ id: string; team: TeamContext }> {
    const data = await this.options.api.query('project_context', PROJECT_CONTEXT_QUERY, { projectSlug: this.options.projectSlug });
    const node = firstNode(data.projects);
    const id = text(node?.id);
    if (!node || !id || (projectId !== null && projectId !== id)) {
      throw notFound(`no project ${JSON.stringify(projectId ?? this.options.projectSlug)} here: this host's Linear tracker serves the project "${this.options.projectSlug}" only`);
    }
    const team = firstNode(node.teams);
    if (!team) throw rejected(`the Linear project "${this.options.projectSlug}" belongs to no team, so no issue can be created in it`);
    return { id, team: teamOf(team) };
  }

  private remembered(raw: unknown, where: string): Issue {
    const { issue } = normalizeLinearIssue(raw, where);
    this.options.remember(issue);
    return issue;
  }
}

function stateIdOf(team: TeamContext, name: string): string {
  const wanted = name.trim().toLowerCase();
  const state = team.states.find((candidate) => candidate.name.trim().toLowerCase() === wanted);
  if (state) return state.id;
  throw new CodedError(TrackerWriteErrorCode.unknownState,
    `"${name}" is not a workflow state of the issue's Linear team; use one of: ${team.states.map((candidate) => candidate.name).join(', ')}`);
}

function teamOf(value: unknown): TeamContext {
  const team = object(value);
  const id = text(team?.id);
  if (!id) throw rejected('Linear returned an issue without its team');
  const states = nodesOf(team?.states).flatMap((node) => {
    const stateId = text(node.id);
    const name = text(node.name);
    return stateId && name ? [{ id: stateId, name }] : [];
  });
  return { id, states };
}

/** The payload of a mutation; `success: false` is a refusal. */
function succeeded(value: unknown, what: string): Raw {
  const payload = object(value);
  if (!payload || payload.success !== true) throw rejected(`Linear did not accept ${what}`);
  return payload;
}

function firstNode(connection: unknown): Raw | undefined {
  return nodesOf(connection)[0];
}

function nodesOf(connection: unknown): Raw[] {
  const nodes = object(connection)?.nodes;
  return Array.isArray(nodes) ? nodes.filter((node): node is Raw => object(node) !== undefined) : [];
}

function object(value: unknown): Raw | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Raw) : undefined;
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function notFound(message: string): CodedError {
  return new CodedError(TrackerWriteErrorCode.notFound, message);
}

function rejected(message: string): CodedError {
  return new CodedError(TrackerWriteErrorCode.rejected, message);
}
