import type { Issue, Milestone, Project, TaskGraphOrder } from '../protocol/index.ts';
import { UNASSIGNED_PROJECT_ID } from '../protocol/index.ts';

// Sibling order keys (see compareTaskGraphOrder). The first element groups kinds, so a project's
// milestones come before its loose issues and placeholders after the records the tracker described.

const GROUP = { record: 0, placeholder: 1, unassigned: 2, issue: 2 } as const;
/** Milestones without a sort order go after those with one. */
const UNSORTED = Number.MAX_SAFE_INTEGER;
/** Sorts after any ISO-8601 timestamp: issues without a creation time go last. */
const NO_TIMESTAMP = '~';

export function projectOrder(project: Project, placeholder: boolean): TaskGraphOrder {
  const group = project.id === UNASSIGNED_PROJECT_ID ? GROUP.unassigned : placeholder ? GROUP.placeholder : GROUP.record;
  return [group, project.name.toLowerCase(), project.id];
}

export function milestoneOrder(milestone: Milestone, placeholder: boolean): TaskGraphOrder {
  return [placeholder ? GROUP.placeholder : GROUP.record, milestone.sort_order ?? UNSORTED, milestone.name.toLowerCase(), milestone.id];
}

/** Dispatch order (Symphony §3.6): priority 1..4 first, then oldest, then identifier (numbers compared as numbers). */
export function issueOrder(issue: Issue): TaskGraphOrder {
  const priority = issue.priority !== null && issue.priority >= 1 && issue.priority <= 4 ? issue.priority : 5;
  return [GROUP.issue, priority, issue.created_at ?? NO_TIMESTAMP, ...naturalParts(issue.identifier), issue.id];
}

/** `OS-12` → `['OS-', 12]`, so OS-9 sorts before OS-12. */
function naturalParts(identifier: string): (string | number)[] {
  return (identifier.match(/\d+|\D+/g) ?? []).map((part) => (/^\d+$/.test(part) && part.length <= 15 ? Number(part) : part));
}
