import type { IssueNode, MilestoneNode, ProjectNode, TaskGraphNode } from '../protocol/index.ts';
import { SCHEMA_VERSION, taskGraphNodeId } from '../protocol/index.ts';
import type { IssueDetail, MilestoneDetail, ProjectDetail, SubIssuePage } from '../protocol/index.ts';
import type { TaskGraphReader } from '../taskgraph/taskGraphReader.ts';
import type { GatewayBackend } from './gatewayBackend.ts';
import { GatewayError } from './gatewayError.ts';
import { sendJson } from './httpJson.ts';
import type { HttpHandler, Route } from './routeTable.ts';
import { pageRequest, readerOf, withCursor } from './taskGraphRoutes.ts';

/** Dependencies of the task-graph detail routes. */
export interface TaskGraphDetailRouteDeps {
  backend: GatewayBackend;
}

/**
 * One node of the task graph each: `GET /api/v1/projects/{id}` (node with counts, milestones),
 * `/api/v1/milestones/{id}` and `/api/v1/sub-issues/{id}` (the node and one page of its child
 * issues, `?cursor=&limit=`), `/api/v1/issues/{id}` (the issue node with its runtime overlay, and
 * the host's runs of it). Ids are tracker ids; viewers may read; unknown ids are 404.
 */
export function taskGraphDetailRoutes({ backend }: TaskGraphDetailRouteDeps): Route[] {
  const read = (handle: HttpHandler): Route['http'] => ({ GET: { role: 'viewer', handle } });
  return [
    { pattern: '/api/v1/projects/{project_id}', http: read(({ res, params }) => sendJson(res, 200, projectDetail(readerOf(backend), params.project_id as string))) },
    { pattern: '/api/v1/milestones/{milestone_id}', http: read(({ res, params, url }) => sendJson(res, 200, milestoneDetail(readerOf(backend), params.milestone_id as string, url))) },
    { pattern: '/api/v1/issues/{issue_id}', http: read(({ res, params }) => sendJson(res, 200, issueDetail(backend, params.issue_id as string))) },
    { pattern: '/api/v1/sub-issues/{issue_id}', http: read(({ res, params, url }) => sendJson(res, 200, subIssues(readerOf(backend), params.issue_id as string, url))) },
  ];
}

function projectDetail(reader: TaskGraphReader, projectId: string): ProjectDetail {
  const project = nodeOf(reader, 'project', projectId);
  const page = reader.projectGraph(project.id, { cursor: null, limit: 1 });
  return { schema_version: SCHEMA_VERSION, seq: reader.listProjects().seq, project, milestones: page?.milestones ?? [] };
}

function milestoneDetail(reader: TaskGraphReader, milestoneId: string, url: URL): MilestoneDetail {
  const milestone = nodeOf(reader, 'milestone', milestoneId);
  const page = withCursor(() => reader.childIssues(milestone.node_id, pageRequest(url)));
  return { schema_version: SCHEMA_VERSION, seq: reader.listProjects().seq, milestone, issues: page?.issues ?? [], total_issues: page?.total ?? 0, next_cursor: page?.next_cursor ?? null };
}

function issueDetail(backend: GatewayBackend, issueId: string): IssueDetail {
  const reader = readerOf(backend);
  const node = nodeOf(reader, 'issue', issueId);
  return { schema_version: SCHEMA_VERSION, seq: reader.listProjects().seq, node, runs: backend.runs?.runsOfIssue(issueId) ?? [] };
}

function subIssues(reader: TaskGraphReader, issueId: string, url: URL): SubIssuePage {
  const parent = nodeOf(reader, 'issue', issueId);
  const page = withCursor(() => reader.childIssues(parent.node_id, pageRequest(url)));
  return { schema_version: SCHEMA_VERSION, seq: reader.listProjects().seq, parent, issues: page?.issues ?? [], total_issues: page?.total ?? 0, next_cursor: page?.next_cursor ?? null };
}

type NodeOfKind = { project: ProjectNode; milestone: MilestoneNode; issue: IssueNode };

function nodeOf<K extends keyof NodeOfKind>(reader: TaskGraphReader, kind: K, id: string): NodeOfKind[K] {
  const node: TaskGraphNode | undefined = reader.node(taskGraphNodeId(kind, id));
  if (node?.kind !== kind) throw new GatewayError('not_found', `no ${kind} ${JSON.stringify(id)} in the task graph; GET /api/v1/projects and the project task graphs list them`);
  return node as NodeOfKind[K];
}
