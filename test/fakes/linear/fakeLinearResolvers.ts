import type { FakeIssue, FakeLinearGraph, FakeMilestone, FakeProject, FakeRelation } from './fakeLinearGraph.ts';
import { issueMatches, projectMatches } from './fakeLinearFilters.ts';
import { mutationResolvers } from './fakeLinearMutations.ts';

// Resolvers over the fake graph. Entities are plain objects whose connection and relation fields
// are functions; graphql-js's default field resolver calls them with the field's arguments, so
// relations (children, inverseRelations, …) are derived from the graph, never stored twice.

export type Args = Record<string, unknown>;
/** A GraphQL-facing object: an id plus whatever fields and field functions the schema reads. */
export type Node = { id: string; [field: string]: unknown };

/** A Relay connection over `items` honouring `first` / `after` (cursor = the node id). */
export function connection<T extends Node>(items: readonly T[], args: Args): object {
  if (args.last != null || args.before != null) throw new Error('fake Linear: backward pagination (last/before) is not implemented');
  let start = 0;
  if (typeof args.after === 'string') {
    const index = items.findIndex((item) => item.id === args.after);
    if (index < 0) throw new Error(`fake Linear: unknown cursor ${JSON.stringify(args.after)}`);
    start = index + 1;
  }
  const first = typeof args.first === 'number' ? args.first : 50;
  const page = items.slice(start, start + first);
  return {
    nodes: page,
    edges: page.map((node) => ({ node, cursor: node.id })),
    pageInfo: {
      hasNextPage: start + first < items.length,
      hasPreviousPage: start > 0,
      startCursor: page[0]?.id ?? null,
      endCursor: page.at(-1)?.id ?? null,
    },
  };
}

/** The root value for `execute`: the Query and Mutation fields the adapter and the tests use. */
export function rootResolvers(graph: FakeLinearGraph): Record<string, (args: Args) => unknown> {
  const views = new GraphViews(graph);
  return {
    ...mutationResolvers(graph, views),
    issues: (args) => connection(views.listIssues(args), args),
    issue: (args) => {
      const issue = [...graph.issues.values()].find((candidate) => candidate.id === args.id || candidate.identifier === args.id);
      if (!issue) throw new Error('Entity not found: Issue');
      return views.issue(issue);
    },
    projects: (args) => connection(byCreation([...graph.projects.values()]).filter((project) => projectMatches(project, args.filter as Args)).map((project) => views.project(project)), args),
    project: (args) => {
      const project = [...graph.projects.values()].find((candidate) => candidate.id === args.id || candidate.slugId === args.id);
      if (!project) throw new Error('Entity not found: Project');
      return views.project(project);
    },
  };
}

/** Builds the GraphQL-facing objects for graph entities. */
export class GraphViews {
  private readonly graph: FakeLinearGraph;

  constructor(graph: FakeLinearGraph) {
    this.graph = graph;
  }

  /** Issues matching `filter`, archived ones only with `includeArchived`, oldest first (Linear's default order). */
  listIssues(args: Args): Node[] {
    const issues = byCreation([...this.graph.issues.values()])
      .filter((issue) => args.includeArchived === true || issue.archivedAt === null)
      .filter((issue) => issueMatches(this.graph, issue, args.filter as Args));
    return issues.map((issue) => this.issue(issue));
  }

  issue(issue: FakeIssue): Node {
    const graph = this.graph;
    const team = graph.teams.get(issue.teamId)!;
    const incoming = () => [...graph.relations.values()].filter((relation) => relation.relatedIssueId === issue.id && graph.issues.has(relation.issueId));
    const outgoing = () => [...graph.relations.values()].filter((relation) => relation.issueId === issue.id && graph.issues.has(relation.relatedIssueId));
    return {
      ...issue,
      priorityLabel: ['No priority', 'Urgent', 'High', 'Medium', 'Low'][issue.priority] ?? 'No priority',
      url: `https://linear.app/fake/issue/${issue.identifier.toLowerCase()}`,
      sortOrder: issue.number,
      state: () => { const state = graph.states.get(issue.stateId)!; return { ...state, team: () => this.team(team.id) }; },
      team: () => this.team(team.id),
      labels: (args: Args) => connection(issue.labelIds.map((id) => ({ color: '#bec2c8', ...graph.labels.get(id)! })), args),
      parent: () => (issue.parentId && graph.issues.has(issue.parentId) ? this.issue(graph.issues.get(issue.parentId)!) : null),
      children: (args: Args) => connection(byCreation([...graph.issues.values()].filter((child) => child.parentId === issue.id && child.archivedAt === null)).map((child) => this.issue(child)), args),
      project: () => (issue.projectId ? this.project(graph.projects.get(issue.projectId)!) : null),
      projectMilestone: () => (issue.milestoneId ? this.milestone(graph.milestones.get(issue.milestoneId)!) : null),
      relations: (args: Args) => connection(outgoing().map((relation) => this.relation(relation)), args),
      inverseRelations: (args: Args) => connection(incoming().map((relation) => this.relation(relation)), args),
      assignee: issue.assigneeName === null ? null : { id: `user-${issue.assigneeName.toLowerCase().replace(/\W+/g, '-')}`, name: issue.assigneeName, displayName: issue.assigneeName, active: true },
    };
  }

  project(project: FakeProject): Node {
    const milestones = () => [...this.graph.milestones.values()].filter((milestone) => milestone.projectId === project.id).sort((a, b) => a.sortOrder - b.sortOrder);
    return {
      ...project,
      url: `https://linear.app/fake/project/${project.name.toLowerCase().replace(/\W+/g, '-')}-${project.slugId}`,
      status: { id: `status-${project.statusType}`, name: project.statusName, type: project.statusType },
      projectMilestones: (args: Args) => connection(milestones().map((milestone) => this.milestone(milestone)), args),
      issues: (args: Args) => connection(this.listIssues({ ...args, filter: { and: [{ project: { id: { eq: project.id } } }, ...(args.filter ? [args.filter] : [])] } }), args),
      teams: (args: Args) => connection(this.teamsOf(project).map((team) => this.team(team)), args),
    };
  }

  /** The teams whose issues are in the project; every team when it has none yet. */
  private teamsOf(project: FakeProject): string[] {
    const teams = [...this.graph.issues.values()].filter((issue) => issue.projectId === project.id).map((issue) => issue.teamId);
    return teams.length > 0 ? [...new Set(teams)] : [...this.graph.teams.keys()];
  }

  milestone(milestone: FakeMilestone): Node {
    return { ...milestone, project: () => this.project(this.graph.projects.get(milestone.projectId)!) };
  }

  private relation(relation: FakeRelation): Node {
    return {
      ...relation,
      issue: () => this.issue(this.graph.issues.get(relation.issueId)!),
      relatedIssue: () => this.issue(this.graph.issues.get(relation.relatedIssueId)!),
    };
  }

  private team(id: string): Node {
    const team = this.graph.teams.get(id)!;
    const states = () => [...this.graph.states.values()].filter((state) => state.teamId === id).sort((a, b) => a.position - b.position);
    return { id: team.id, key: team.key, name: team.name, states: (args: Args) => connection(states().map((state) => ({ ...state })), args) };
  }
}

function byCreation<T extends { createdAt: string; id: string }>(items: T[]): T[] {
  return items.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id));
}
