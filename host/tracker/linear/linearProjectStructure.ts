import type { Milestone, Project } from '../../protocol/index.ts';
import type { LinearApiClient } from './linearApiClient.ts';
import { collectPages, readConnection } from './linearPager.ts';
import type { ConnectionPage } from './linearPager.ts';
import { LINEAR_PAGE_SIZE, PROJECT_MILESTONES_QUERY } from './linearQueries.ts';
import { LinearTrackerError } from './linearTrackerError.ts';

/** The task-graph skeleton of the configured project. */
export interface ProjectStructure {
  projects: Project[];
  milestones: Milestone[];
}

/** The project node of a sync answer and its first milestone page. */
export interface ProjectNode {
  project: Project;
  milestones: ConnectionPage;
}

type Raw = Record<string, unknown>;

/** Reads `projects.nodes[0]` of a sync answer; `linear_project_not_found` when no project has the slug. */
export function readProjectNode(data: Record<string, unknown>, projectSlug: string): ProjectNode {
  const [node] = readConnection(data.projects, 'the project lookup').nodes as Raw[];
  if (node === undefined) {
    throw new LinearTrackerError('linear_project_not_found',
      `No Linear project has the slug "${projectSlug}" (tracker.project_slug), or the API key cannot see it. Use the slug at the end of the project's URL (linear.app/<workspace>/project/<name>-<slug>).`);
  }
  const id = text(node.id);
  if (id === null) throw new LinearTrackerError('linear_unknown_payload', `Linear's answer for project "${projectSlug}" has no project id. Check that tracker.endpoint is Linear's GraphQL endpoint.`);
  const status = node.status !== null && typeof node.status === 'object' ? (node.status as Raw) : null;
  return {
    project: { id, name: text(node.name) ?? projectSlug, slug: text(node.slugId), url: text(node.url), state: text(status?.name) },
    milestones: readConnection(node.projectMilestones, `the milestones of project "${projectSlug}"`),
  };
}

/**
 * Every milestone of the project, following further pages from `first` (one request per extra
 * page of 50). A milestone without an id or name is `linear_unknown_payload`.
 */
export async function collectMilestones(api: LinearApiClient, projectId: string, first: ConnectionPage): Promise<Milestone[]> {
  const nextPage = async (after: string) => {
    const data = await api.query('milestones', PROJECT_MILESTONES_QUERY, { projectId, first: LINEAR_PAGE_SIZE, after });
    const project = data.project as Raw | null | undefined;
    return readConnection(project?.projectMilestones, 'project milestones');
  };
  return collectPages(first, nextPage, 'the milestone list', (node, where) => readMilestone(node, projectId, where));
}

/** The first milestone page only, for delta syncs that do not follow milestone pages. */
export function firstPageMilestones(projectId: string, first: ConnectionPage): Milestone[] {
  return first.nodes.map((node, index) => readMilestone(node, projectId, `node ${index + 1}`));
}

/** One milestone node; `linear_unknown_payload` without an id or name. */
export function readMilestone(node: unknown, projectId: string, where: string): Milestone {
  const raw = (node !== null && typeof node === 'object' ? node : {}) as Raw;
  const id = text(raw.id);
  const name = text(raw.name);
  if (id === null || name === null) {
    throw new LinearTrackerError('linear_unknown_payload', `Linear returned a milestone (${where}) without an id or name. Check that tracker.endpoint is Linear's GraphQL endpoint.`);
  }
  return {
    id,
    project_id: projectId,
    name,
    target_date: text(raw.targetDate),
    sort_order: typeof raw.sortOrder === 'number' && Number.isFinite(raw.sortOrder) ? raw.sortOrder : null,
  };
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}
