import type { Issue } from '../../protocol/index.ts';
import { LinearTrackerError } from './linearTrackerError.ts';

/** One Linear issue node, normalised, with the facts the cache needs to decide whether it is in scope. */
export interface LinearIssueRecord {
  issue: Issue;
  /** `project.slugId` as Linear reported it, or null when the issue has no project. */
  projectSlug: string | null;
  /** Archived or trashed (deleted) in Linear: gone from the tracker's point of view. */
  removed: boolean;
}

type Raw = Record<string, unknown>;

/**
 * Normalises one issue node (Symphony §5.3). Required fields (`id`, `identifier`, `title`,
 * `state.name`) that cannot be read make the record malformed: `linear_malformed_issue` naming it.
 * Optional metadata that cannot be used becomes null or empty: priority outside 1–4 (Linear's 0 is
 * "no priority"), unparseable timestamps, blank or non-text labels, blockers without an issue.
 * `where` names the record's position (e.g. "page 2, node 7") for records without an id.
 */
export function normalizeLinearIssue(raw: unknown, where: string): LinearIssueRecord {
  if (!isObject(raw)) throw malformed(where, null, 'is not an object');
  const name = text(raw.identifier) ?? text(raw.id) ?? where;
  const id = text(raw.id);
  const identifier = text(raw.identifier);
  const state = text(object(raw.state)?.name);
  if (id === null) throw malformed(where, name, 'has no id');
  if (identifier === null) throw malformed(where, name, 'has no identifier');
  if (typeof raw.title !== 'string') throw malformed(where, name, 'has no title');
  if (state === null) throw malformed(where, name, 'has no state name');
  const project = object(raw.project);
  return {
    issue: {
      id,
      identifier,
      title: raw.title,
      description: typeof raw.description === 'string' ? raw.description : null,
      priority: priority(raw.priority),
      state,
      branch_name: text(raw.branchName),
      url: text(raw.url),
      labels: labels(raw.labels),
      parent_id: text(object(raw.parent)?.id),
      project_id: text(project?.id),
      milestone_id: text(object(raw.projectMilestone)?.id),
      blocked_by: blockers(raw.inverseRelations),
      created_at: timestamp(raw.createdAt),
      updated_at: timestamp(raw.updatedAt),
      assignee: text(object(raw.assignee)?.displayName),
    },
    projectSlug: text(project?.slugId),
    removed: raw.archivedAt != null || raw.trashed === true,
  };
}

/** Labels trimmed, lower-cased, blanks dropped, de-duplicated (first occurrence order). */
function labels(connection: unknown): string[] {
  const names = nodes(connection).map((node) => text(node.name)?.toLowerCase()).filter((name): name is string => !!name);
  return [...new Set(names)];
}

/** `blocked_by`: incoming relations of type `blocks`; their `issue` is the blocker. */
function blockers(connection: unknown): Issue['blocked_by'] {
  return nodes(connection)
    .filter((relation) => relation.type === 'blocks' && isObject(relation.issue))
    .map((relation) => {
      const blocker = relation.issue as Raw;
      return { id: text(blocker.id), identifier: text(blocker.identifier), state: text(object(blocker.state)?.name) };
    });
}

/** Linear: 0 none, 1 urgent … 4 low (a Float in the schema). Only the integers 1–4 are priorities. */
function priority(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 4 ? value : null;
}

function timestamp(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const time = Date.parse(value);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

function nodes(connection: unknown): Raw[] {
  const list = object(connection)?.nodes;
  return Array.isArray(list) ? list.filter(isObject) : [];
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

function object(value: unknown): Raw | null {
  return isObject(value) ? value : null;
}

function isObject(value: unknown): value is Raw {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function malformed(where: string, name: string | null, problem: string): LinearTrackerError {
  const record = name ?? where;
  return new LinearTrackerError('linear_malformed_issue',
    `Linear returned issue ${record}${name && name !== where ? ` (${where})` : ''} that ${problem}; records are never dropped, so this read failed. This points at a Linear API change or a proxy rewriting answers: check tracker.endpoint, and report it if it persists.`,
    { record });
}
