import type { Issue, Milestone, Project } from '../protocol/index.ts';
import { taskGraphNodeId, UNASSIGNED_PROJECT_ID } from '../protocol/index.ts';
import type { IssueMirror } from './issueMirror.ts';

/** Projects and milestones as the tracker last described them. */
export interface TaskGraphStructure {
  projects: ReadonlyMap<string, Project>;
  milestones: ReadonlyMap<string, Milestone>;
}

/** Where an issue sits: its project, the milestone it counts toward, and its parent node. */
export interface IssuePlacement {
  projectId: string;
  milestoneId: string | null;
  parentNodeId: string;
}

/**
 * Places every issue. The project is the issue's own, else its milestone's, else the synthetic
 * unassigned project; a milestone of another project is ignored. The parent is the parent issue
 * when it is known, in the same project and not part of a parent cycle; else the milestone; else
 * the project.
 */
export function placeIssues(issues: IssueMirror, structure: TaskGraphStructure): Map<string, IssuePlacement> {
  const containers = new Map<string, { projectId: string; milestoneId: string | null }>();
  for (const issue of issues.all()) containers.set(issue.id, containerOf(issue, structure));
  const placements = new Map<string, IssuePlacement>();
  for (const issue of issues.all()) {
    const container = containers.get(issue.id) as { projectId: string; milestoneId: string | null };
    const parentUsable = issue.parent_id !== null && containers.get(issue.parent_id)?.projectId === container.projectId && !inParentCycle(issue, issues);
    const parentNodeId = parentUsable ? taskGraphNodeId('issue', issue.parent_id as string)
      : container.milestoneId ? taskGraphNodeId('milestone', container.milestoneId)
        : taskGraphNodeId('project', container.projectId);
    placements.set(issue.id, { ...container, parentNodeId });
  }
  return placements;
}

function containerOf(issue: Issue, structure: TaskGraphStructure): { projectId: string; milestoneId: string | null } {
  const milestone = issue.milestone_id ? structure.milestones.get(issue.milestone_id) : undefined;
  const projectId = issue.project_id ?? milestone?.project_id ?? UNASSIGNED_PROJECT_ID;
  const milestoneId = issue.milestone_id && (!milestone || milestone.project_id === projectId) ? issue.milestone_id : null;
  return { projectId, milestoneId };
}

/** True when following parents from `issue` comes back to it (bad tracker data must not hide issues). */
function inParentCycle(issue: Issue, issues: IssueMirror): boolean {
  let current = issue.parent_id;
  for (let steps = 0; current !== null && steps <= issues.size; steps++) {
    if (current === issue.id) return true;
    current = issues.get(current)?.parent_id ?? null;
  }
  return false;
}
