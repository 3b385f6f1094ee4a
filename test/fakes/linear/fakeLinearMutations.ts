import type { FakeIssue, FakeLinearGraph } from './fakeLinearGraph.ts';
import type { Args, GraphViews } from './fakeLinearResolvers.ts';

// The Mutation fields the adapter uses, over the fake graph. Like Linear, a write that names an
// entity that does not exist (or a state of another team, a milestone of another project) fails
// with "Entity not found: <Type>"; the payloads carry `success` and a `lastSyncId`.

type Input = Record<string, unknown>;

/** `commentCreate`, `issueUpdate`, `issueCreate`, `projectMilestoneCreate`. */
export function mutationResolvers(graph: FakeLinearGraph, views: GraphViews): Record<string, (args: Args) => unknown> {
  let lastSyncId = 1000;
  const payload = (fields: Record<string, unknown>) => ({ success: true, lastSyncId: ++lastSyncId, ...fields });
  return {
    commentCreate: ({ input }) => {
      const { issueId, body } = input as Input;
      const issue = findIssue(graph, issueId);
      if (typeof body !== 'string' || body.trim() === '') throw new Error('Argument Validation Error: body should not be empty');
      const comment = graph.addComment(issue, body);
      return payload({ comment: { ...comment, url: `https://linear.app/fake/issue/${issue.identifier.toLowerCase()}#comment-${comment.id.slice(-6)}`, issue: () => views.issue(issue) } });
    },
    issueUpdate: ({ id, input }) => {
      const issue = findIssue(graph, id);
      const fields = input as Input;
      if (typeof fields.stateId === 'string') graph.setStateId(issue, fields.stateId);
      if (typeof fields.title === 'string') graph.update(issue, { title: fields.title });
      return payload({ issue: views.issue(issue) });
    },
    issueCreate: ({ input }) => payload({ issue: views.issue(createIssue(graph, input as Input)) }),
    projectMilestoneCreate: ({ input }) => {
      const fields = input as Input;
      const project = graph.projects.get(String(fields.projectId));
      if (!project) throw new Error('Entity not found: Project');
      const milestone = graph.addMilestone(project, { name: String(fields.name), targetDate: typeof fields.targetDate === 'string' ? fields.targetDate : null });
      return payload({ projectMilestone: views.milestone(milestone) });
    },
  };
}

function createIssue(graph: FakeLinearGraph, fields: Input): FakeIssue {
  const team = graph.teams.get(String(fields.teamId));
  if (!team) throw new Error('Entity not found: Team');
  const state = fields.stateId === undefined ? [...graph.states.values()].find((candidate) => candidate.teamId === team.id && candidate.type === 'unstarted') : graph.states.get(String(fields.stateId));
  if (!state || state.teamId !== team.id) throw new Error('Entity not found: WorkflowState');
  const project = fields.projectId === undefined ? null : graph.projects.get(String(fields.projectId));
  if (project === undefined) throw new Error('Entity not found: Project');
  const milestone = fields.projectMilestoneId === undefined ? null : graph.milestones.get(String(fields.projectMilestoneId));
  if (milestone === undefined || (milestone && milestone.projectId !== project?.id)) throw new Error('Entity not found: ProjectMilestone');
  const parent = fields.parentId === undefined ? null : findIssue(graph, fields.parentId);
  return graph.addIssue({
    team, title: String(fields.title), description: typeof fields.description === 'string' ? fields.description : null,
    state: state.name, priority: typeof fields.priority === 'number' ? fields.priority : 0, project, milestone, parent,
  });
}

function findIssue(graph: FakeLinearGraph, id: unknown): FakeIssue {
  const issue = [...graph.issues.values()].find((candidate) => candidate.id === id || candidate.identifier === id);
  if (!issue || issue.archivedAt !== null) throw new Error('Entity not found: Issue');
  return issue;
}
