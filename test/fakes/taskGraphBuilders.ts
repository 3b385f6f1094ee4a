import type {
  Approval, EventEnvelope, Issue, IssueNode, IssueRuntime, MilestoneNode, ProjectNode, Run, TaskGraphCounts, TaskGraphPage,
} from '../../host/protocol/index.ts';
import { EventTypes, SCHEMA_VERSION, taskGraphNodeId } from '../../host/protocol/index.ts';
import { anIssue } from './issueBuilder.ts';

// Small builders for task-graph DTOs as the host serves them, for the extension's view-model tests.

export const NO_COUNTS: TaskGraphCounts = { issues: 0, eligible: 0, blocked: 0, queued: 0, running: 0, retrying: 0, failed: 0, done: 0, pending_approvals: 0 };

export function aRuntime(overrides: Partial<IssueRuntime> = {}): IssueRuntime {
  return {
    status: 'eligible', status_reason: null, active_run: null, last_outcome: null, retry: null, retry_count: 0, run_count: 0,
    workspace_path: null, blockers: [], tokens: { input_tokens: 0, output_tokens: 0, total_tokens: 0 }, pending_approvals: 0,
    last_event_seq: null, ...overrides,
  };
}

export function aProjectNode(id: string, overrides: Partial<ProjectNode> = {}): ProjectNode {
  return {
    node_id: taskGraphNodeId('project', id), id, parent_node_id: null, project_id: id, order: [0, id], child_count: 0, kind: 'project',
    project: { id, name: `Project ${id}`, slug: null, url: null, state: null }, placeholder: false, counts: NO_COUNTS, ...overrides,
  };
}

export function aMilestoneNode(id: string, projectId: string, sortOrder: number, overrides: Partial<MilestoneNode> = {}): MilestoneNode {
  return {
    node_id: taskGraphNodeId('milestone', id), id, parent_node_id: taskGraphNodeId('project', projectId), project_id: projectId,
    order: [0, sortOrder, id], child_count: 0, kind: 'milestone',
    milestone: { id, project_id: projectId, name: `Milestone ${id}`, target_date: null, sort_order: sortOrder }, placeholder: false, counts: NO_COUNTS, ...overrides,
  };
}

/** An issue node under `parentNodeId` (a project, milestone or issue node id), ordered by its number. */
export function anIssueNode(identifier: string, projectId: string, parentNodeId: string, overrides: { issue?: Partial<Issue>; runtime?: Partial<IssueRuntime>; order?: (string | number)[] } = {}): IssueNode {
  const number = Number(identifier.replace(/\D+/g, '')) || 0;
  return {
    node_id: taskGraphNodeId('issue', identifier), id: identifier, parent_node_id: parentNodeId, project_id: projectId,
    order: overrides.order ?? [2, 5, number], child_count: 0, kind: 'issue',
    issue: anIssue({ identifier, project_id: projectId, ...overrides.issue }), runtime: aRuntime(overrides.runtime),
  };
}

export function aPage(project: ProjectNode, milestones: MilestoneNode[], issues: IssueNode[], seq = 10): TaskGraphPage {
  return { schema_version: SCHEMA_VERSION, seq, project, milestones, issues, total_issues: issues.length, next_cursor: null };
}

export function anEnvelope(seq: number, type: string, payload: Record<string, unknown>): EventEnvelope {
  return { id: `e${seq}`, seq, schema_version: 1, type, timestamp: '2026-11-21T12:00:00.000Z', actor: { kind: 'host' }, correlation_id: null, entity_refs: [], summary: '', payload, raw_ref: null };
}

export function nodeChanged(seq: number, node: IssueNode | MilestoneNode | ProjectNode): EventEnvelope {
  return anEnvelope(seq, EventTypes.taskGraphNodeChanged, { node });
}

export function nodeRemoved(seq: number, node: IssueNode | MilestoneNode | ProjectNode): EventEnvelope {
  return anEnvelope(seq, EventTypes.taskGraphNodeRemoved, { node_id: node.node_id, kind: node.kind, id: node.id, project_id: node.project_id, parent_node_id: node.parent_node_id });
}

export function aRun(overrides: Partial<Run> = {}): Run {
  return {
    id: 'run-1', issue_id: 'A-1', issue_identifier: 'A-1', state: 'queued', attempt: null, workspace_path: null,
    terminal_stream_id: 'run-run-1', thread_id: null, turn_count: 0, max_turns: 20, queued_at: '2026-11-21T12:00:00.000Z',
    started_at: null, ended_at: null, error: null, tokens: { input_tokens: 0, output_tokens: 0, total_tokens: 0 }, ...overrides,
  };
}

export function anApproval(overrides: Partial<Approval> = {}): Approval {
  return {
    id: 'ap-1', run_id: 'run-1', issue_id: 'A-1', issue_identifier: 'A-1', kind: 'command', command: 'ls', cwd: '/w', files: [],
    reason: null, state: 'pending', requested_at: '2026-11-21T12:00:00.000Z', decided_at: null, ...overrides,
  };
}
