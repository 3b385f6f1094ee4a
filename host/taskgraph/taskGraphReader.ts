import type { ProjectList, TaskGraphPage } from '../protocol/index.ts';

/** One page of a project's issues: after `cursor` (null for the first page), at most `limit`. */
export interface TaskGraphPageRequest {
  cursor: string | null;
  limit: number;
}

/** The read side of the task graph, as the gateway serves it. */
export interface TaskGraphReader {
  /** Every project with its counts, in sibling order. */
  listProjects(): ProjectList;
  /**
   * A project, its milestones and one page of its issues; undefined when there is no such
   * project. Throws a `TaskGraphError` with code `invalid_cursor` for a cursor it did not issue.
   */
  projectGraph(projectId: string, page: TaskGraphPageRequest): TaskGraphPage | undefined;
}
