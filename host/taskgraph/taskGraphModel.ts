import type { Issue, IssueNode, Milestone, MilestoneNode, Project, ProjectNode, TaskGraphCounts, TaskGraphNode } from '../protocol/index.ts';
import { compareTaskGraphOrder, taskGraphNodeId, UNASSIGNED_PROJECT_ID } from '../protocol/index.ts';
import type { IssueMirror } from './issueMirror.ts';
import type { IssuePlacement, TaskGraphStructure } from './issuePlacement.ts';
import { placeIssues } from './issuePlacement.ts';
import { describeRuntime } from './issueRuntimeView.ts';
import type { RuntimeOverlays } from './runtimeOverlays.ts';
import { issueOrder, milestoneOrder, projectOrder } from './taskGraphOrder.ts';
import type { EligibilityConfig } from '../orchestrator/eligibility.ts';
import { IssueGraph } from '../orchestrator/hierarchyRule.ts';

/** Everything a task-graph node is computed from. */
export interface TaskGraphInputs {
  issues: IssueMirror;
  structure: TaskGraphStructure;
  overlays: RuntimeOverlays;
  /** The loaded workflow's settings; undefined until WORKFLOW.md loads. */
  config: EligibilityConfig | undefined;
}

/** One project's nodes, children sorted by `order`. */
export interface ProjectContents {
  project: ProjectNode;
  milestones: MilestoneNode[];
  issues: IssueNode[];
}

/**
 * The current nodes of the task graph. `rebuild` recomputes everything (tracker, structure or
 * workflow changed); `refreshIssues` recomputes only some issues and their containers' counts
 * (runtime events), which keeps a busy run from costing a whole-graph pass per journal batch.
 */
export class TaskGraphModel {
  private nodes = new Map<string, TaskGraphNode>();
  private placements = new Map<string, IssuePlacement>();
  /** Container node id → ids of the issues counted in it. */
  private members = new Map<string, Set<string>>();
  private milestonesByProject = new Map<string, string[]>();
  /** The tracker's issues as of the last rebuild, for blockers and the hierarchy rule. */
  private graph = new IssueGraph([]);

  node(nodeId: string): TaskGraphNode | undefined {
    return this.nodes.get(nodeId);
  }

  nodeIds(): IterableIterator<string> {
    return this.nodes.keys();
  }

  /** Recomputes every node; returns the ids of nodes that may have changed or disappeared. */
  rebuild(inputs: TaskGraphInputs): Set<string> {
    const touched = new Set(this.nodes.keys());
    this.placements = placeIssues(inputs.issues, inputs.structure);
    this.graph = new IssueGraph(inputs.issues.all());
    const { projects, milestones } = this.containers(inputs);
    const childCounts = countChildren(this.placements, milestones);
    this.nodes = new Map();
    this.members = new Map();
    this.milestonesByProject = new Map();
    for (const issue of inputs.issues.all()) this.putIssue(issue, inputs, childCounts.get(taskGraphNodeId('issue', issue.id)) ?? 0);
    for (const [project, placeholder] of projects) this.putProject(project, placeholder, childCounts);
    for (const [milestone, placeholder] of milestones) this.putMilestone(milestone, placeholder, childCounts);
    for (const id of this.nodes.keys()) touched.add(id);
    return touched;
  }

  /** Recomputes these issues' nodes and their containers' counts; returns the node ids touched. */
  refreshIssues(inputs: TaskGraphInputs, issueIds: Iterable<string>): Set<string> {
    const touched = new Set<string>();
    const containers = new Set<string>();
    for (const issueId of issueIds) {
      const issue = inputs.issues.get(issueId);
      const placement = this.placements.get(issueId);
      const nodeId = taskGraphNodeId('issue', issueId);
      const previous = this.nodes.get(nodeId);
      if (!issue || !placement || !previous) continue;
      this.nodes.set(nodeId, this.issueNode(issue, placement, inputs, previous.child_count));
      touched.add(nodeId);
      for (const container of containersOf(placement)) containers.add(container);
    }
    for (const containerId of containers) {
      const container = this.nodes.get(containerId);
      if (container?.kind === 'issue' || !container) continue;
      this.nodes.set(containerId, { ...container, counts: this.countMembers(containerId) });
      touched.add(containerId);
    }
    return touched;
  }

  projects(): ProjectNode[] {
    return [...this.nodes.values()].filter((node): node is ProjectNode => node.kind === 'project').sort(bySiblingOrder);
  }

  projectContents(projectId: string): ProjectContents | undefined {
    const project = this.nodes.get(taskGraphNodeId('project', projectId));
    if (project?.kind !== 'project') return undefined;
    const milestones = (this.milestonesByProject.get(projectId) ?? []).map((id) => this.nodes.get(id) as MilestoneNode).sort(bySiblingOrder);
    const issues = [...this.members.get(project.node_id) ?? []].map((id) => this.nodes.get(taskGraphNodeId('issue', id)) as IssueNode).sort(bySiblingOrder);
    return { project, milestones, issues };
  }

  /** Projects and milestones from the tracker, plus placeholders for those only issues mention. */
  private containers(inputs: TaskGraphInputs): { projects: Map<Project, boolean>; milestones: Map<Milestone, boolean> } {
    const projects = new Map<string, [Project, boolean]>();
    const milestones = new Map<string, [Milestone, boolean]>();
    for (const project of inputs.structure.projects.values()) projects.set(project.id, [project, false]);
    for (const milestone of inputs.structure.milestones.values()) milestones.set(milestone.id, [milestone, false]);
    for (const placement of this.placements.values()) {
      if (placement.milestoneId && !milestones.has(placement.milestoneId)) milestones.set(placement.milestoneId, [placeholderMilestone(placement.milestoneId, placement.projectId), true]);
    }
    const referenced = [...[...this.placements.values()].map((placement) => placement.projectId), ...[...milestones.values()].map(([milestone]) => milestone.project_id)];
    for (const projectId of referenced) if (!projects.has(projectId)) projects.set(projectId, [placeholderProject(projectId), true]);
    return { projects: new Map(projects.values()), milestones: new Map(milestones.values()) };
  }

  private putIssue(issue: Issue, inputs: TaskGraphInputs, childCount: number): void {
    const placement = this.placements.get(issue.id) as IssuePlacement;
    this.nodes.set(taskGraphNodeId('issue', issue.id), this.issueNode(issue, placement, inputs, childCount));
    for (const container of containersOf(placement)) {
      let members = this.members.get(container);
      if (!members) this.members.set(container, members = new Set());
      members.add(issue.id);
    }
  }

  private putProject(project: Project, placeholder: boolean, childCounts: Map<string, number>): void {
    const nodeId = taskGraphNodeId('project', project.id);
    this.nodes.set(nodeId, {
      node_id: nodeId, id: project.id, parent_node_id: null, project_id: project.id, order: projectOrder(project, placeholder),
      child_count: childCounts.get(nodeId) ?? 0, kind: 'project', project, placeholder, counts: this.countMembers(nodeId),
    });
  }

  private putMilestone(milestone: Milestone, placeholder: boolean, childCounts: Map<string, number>): void {
    const nodeId = taskGraphNodeId('milestone', milestone.id);
    this.nodes.set(nodeId, {
      node_id: nodeId, id: milestone.id, parent_node_id: taskGraphNodeId('project', milestone.project_id), project_id: milestone.project_id,
      order: milestoneOrder(milestone, placeholder), child_count: childCounts.get(nodeId) ?? 0, kind: 'milestone', milestone, placeholder,
      counts: this.countMembers(nodeId),
    });
    const list = this.milestonesByProject.get(milestone.project_id) ?? [];
    list.push(nodeId);
    this.milestonesByProject.set(milestone.project_id, list);
  }

  private issueNode(issue: Issue, placement: IssuePlacement, inputs: TaskGraphInputs, childCount: number): IssueNode {
    const runtime = describeRuntime(issue, inputs.overlays.get(issue.id), { config: inputs.config, graph: this.graph });
    const nodeId = taskGraphNodeId('issue', issue.id);
    return { node_id: nodeId, id: issue.id, parent_node_id: placement.parentNodeId, project_id: placement.projectId, order: issueOrder(issue), child_count: childCount, kind: 'issue', issue, runtime };
  }

  private countMembers(containerNodeId: string): TaskGraphCounts {
    const counts: TaskGraphCounts = { issues: 0, eligible: 0, blocked: 0, queued: 0, running: 0, retrying: 0, failed: 0, done: 0, pending_approvals: 0 };
    for (const issueId of this.members.get(containerNodeId) ?? []) {
      const node = this.nodes.get(taskGraphNodeId('issue', issueId));
      if (node?.kind !== 'issue') continue;
      const { status, last_outcome: outcome, pending_approvals: pending } = node.runtime;
      counts.issues++;
      counts.pending_approvals += pending;
      if (status === 'eligible' || status === 'blocked' || status === 'queued' || status === 'running' || status === 'retrying' || status === 'done') counts[status]++;
      if (outcome?.state === 'failed' && status !== 'running' && status !== 'queued' && status !== 'done') counts.failed++;
    }
    return counts;
  }
}

function containersOf(placement: IssuePlacement): string[] {
  const project = taskGraphNodeId('project', placement.projectId);
  return placement.milestoneId ? [project, taskGraphNodeId('milestone', placement.milestoneId)] : [project];
}

function countChildren(placements: Map<string, IssuePlacement>, milestones: Map<Milestone, boolean>): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (parent: string) => counts.set(parent, (counts.get(parent) ?? 0) + 1);
  for (const placement of placements.values()) add(placement.parentNodeId);
  for (const milestone of milestones.keys()) add(taskGraphNodeId('project', milestone.project_id));
  return counts;
}

function placeholderProject(id: string): Project {
  return { id, name: id === UNASSIGNED_PROJECT_ID ? 'No project' : id, slug: null, url: null, state: null };
}

function placeholderMilestone(id: string, projectId: string): Milestone {
  return { id, project_id: projectId, name: id, target_date: null, sort_order: null };
}

/** What sibling order compares. */
export type SiblingPosition = Pick<TaskGraphNode, 'order' | 'node_id'>;

/** Sibling order, ties broken by node id: the order clients show and pages follow. */
export function bySiblingOrder(a: SiblingPosition, b: SiblingPosition): number {
  return compareTaskGraphOrder(a.order, b.order) || (a.node_id < b.node_id ? -1 : a.node_id > b.node_id ? 1 : 0);
}
