import { ISSUE_FIELDS, MILESTONE_FIELDS } from './linearQueries.ts';

// GraphQL documents of the adapter's writes. Like the reads, each validates against Linear's public
// schema (the fake server rejects anything that does not). Lookups go through filtered connections,
// scoped to the configured project, so an unknown or out-of-scope id is an empty list rather than
// an "Entity not found" error.

/** An issue of the project with its team's workflow states (to turn a state name into an id). */
export const ISSUE_CONTEXT_QUERY = `
query LinearIssueContext($id: ID!, $projectSlug: String!) {
  issues(filter: { id: { eq: $id }, project: { slugId: { eq: $projectSlug } } }, first: 1) {
    nodes {
      id
      identifier
      team { id states(first: 100) { nodes { id name } } }
      project { id }
      projectMilestone { id }
    }
  }
}`;

/** The configured project with its teams and their workflow states (an issue needs a team). */
export const PROJECT_CONTEXT_QUERY = `
query LinearProjectContext($projectSlug: String!) {
  projects(filter: { slugId: { eq: $projectSlug } }, first: 1) {
    nodes {
      id
      teams(first: 10) { nodes { id states(first: 100) { nodes { id name } } } }
    }
  }
}`;

export const COMMENT_CREATE_MUTATION = `
mutation LinearCommentCreate($issueId: String!, $body: String!) {
  commentCreate(input: { issueId: $issueId, body: $body }) {
    success
    comment { id url createdAt }
  }
}`;

export const ISSUE_SET_STATE_MUTATION = `
mutation LinearIssueSetState($id: String!, $stateId: String!) {
  issueUpdate(id: $id, input: { stateId: $stateId }) {
    success
    issue { ...LinearIssueFields }
  }
}
${ISSUE_FIELDS}`;

export const ISSUE_CREATE_MUTATION = `
mutation LinearIssueCreate($input: IssueCreateInput!) {
  issueCreate(input: $input) {
    success
    issue { ...LinearIssueFields }
  }
}
${ISSUE_FIELDS}`;

export const MILESTONE_CREATE_MUTATION = `
mutation LinearProjectMilestoneCreate($input: ProjectMilestoneCreateInput!) {
  projectMilestoneCreate(input: $input) {
    success
    projectMilestone { ...LinearMilestoneFields }
  }
}
${MILESTONE_FIELDS}`;

/** Every document above, for the schema-validation test. */
export const LINEAR_MUTATIONS: Readonly<Record<string, string>> = {
  ISSUE_CONTEXT_QUERY, PROJECT_CONTEXT_QUERY, COMMENT_CREATE_MUTATION, ISSUE_SET_STATE_MUTATION, ISSUE_CREATE_MUTATION, MILESTONE_CREATE_MUTATION,
};
