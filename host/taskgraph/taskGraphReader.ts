import type { IssueNode, ProjectList, TaskGraphNode, TaskGraphPage } from '../protocol/index.ts';

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
  /** One node by `node_id` (`project:<id>`, `milestone:<id>`, `issue:<id>`), or undefined. */
  node(nodeId: string): TaskGraphNode | undefined;
  /**
   * The issues whose parent is `nodeId` (a milestone's top-level issues, an issue's sub-issues), in
   * sibling order, one page; undefined when there is no such node. Throws `invalid_cursor` like `projectGraph`.
   */
  childIssues(nodeId: string, page: TaskGraphPageRequest): ChildIssuePage | undefined;
}

/** One page of a node's child issues. */
export interface ChildIssuePage {
  issues: IssueNode[];
  total: number;
  next_cursor: string | null;
}
