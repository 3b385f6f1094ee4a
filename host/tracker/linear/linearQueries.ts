// GraphQL documents the Linear adapter sends. Every one validates against Linear's public schema
// (the fake server in test/fakes/linear rejects anything that does not), and each selects only
// what normalisation reads, to keep the complexity cost per request small.

/** Page size for issue listings (Symphony: 50) and by-id batches. */
export const LINEAR_PAGE_SIZE = 50;

/** The issue fields normalisation reads, as a fragment (`...LinearIssueFields`). */
export const ISSUE_FIELDS = `
fragment LinearIssueFields on Issue {
  id
  identifier
  title
  description
  priority
  state { name }
  branchName
  url
  labels(first: 50) { nodes { name } }
  parent { id }
  project { id slugId }
  projectMilestone { id }
  assignee { displayName }
  inverseRelations(first: 50) { nodes { type issue { id identifier state { name } } } }
  createdAt
  updatedAt
  archivedAt
  trashed
}`;

/** The milestone fields the structure reads, as a fragment (`...LinearMilestoneFields`). */
export const MILESTONE_FIELDS = `
fragment LinearMilestoneFields on ProjectMilestone {
  id
  name
  targetDate
  sortOrder
}`;

/**
 * The cache sync: one page of the issues matching `$filter` (the whole project on a full sync;
 * `updatedAt > since` in the project, or a watched id, on a delta) and, on the first page, the
 * project with its first milestones, so an idle poll is one request for issues and structure.
 */
export const SYNC_ISSUES_QUERY = `
query LinearIssueSync($filter: IssueFilter!, $first: Int!, $after: String, $includeArchived: Boolean!, $projectSlug: String!, $withStructure: Boolean!) {
  issues(filter: $filter, first: $first, after: $after, includeArchived: $includeArchived) {
    nodes { ...LinearIssueFields }
    pageInfo { hasNextPage endCursor }
  }
  projects(first: 1, filter: { slugId: { eq: $projectSlug } }) @include(if: $withStructure) {
    nodes {
      id
      name
      slugId
      url
      status { name }
      projectMilestones(first: 50) {
        nodes { ...LinearMilestoneFields }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}
${ISSUE_FIELDS}
${MILESTONE_FIELDS}`;

/** Further milestone pages of a project with more than 50 milestones. */
export const PROJECT_MILESTONES_QUERY = `
query LinearProjectMilestones($projectId: String!, $first: Int!, $after: String) {
  project(id: $projectId) {
    projectMilestones(first: $first, after: $after) {
      nodes { ...LinearMilestoneFields }
      pageInfo { hasNextPage endCursor }
    }
  }
}
${MILESTONE_FIELDS}`;

/** Symphony's candidate query: the project (by `slugId`) and state names, paged. */
export const ISSUES_IN_STATES_QUERY = `
query LinearIssuesInStates($projectSlug: String!, $stateNames: [String!]!, $first: Int!, $after: String) {
  issues(filter: { project: { slugId: { eq: $projectSlug } }, state: { name: { in: $stateNames } } }, first: $first, after: $after) {
    nodes { ...LinearIssueFields }
    pageInfo { hasNextPage endCursor }
  }
}
${ISSUE_FIELDS}`;

/** Symphony's by-id refresh: `[ID!]`, project-scoped, one batch of at most 50 ids. */
export const ISSUES_BY_IDS_QUERY = `
query LinearIssuesByIds($ids: [ID!]!, $projectSlug: String!, $first: Int!) {
  issues(filter: { id: { in: $ids }, project: { slugId: { eq: $projectSlug } } }, first: $first) {
    nodes { ...LinearIssueFields }
  }
}
${ISSUE_FIELDS}`;

/** Every document above, for the schema-validation test. */
export const LINEAR_QUERIES: Readonly<Record<string, string>> = {
  SYNC_ISSUES_QUERY, PROJECT_MILESTONES_QUERY, ISSUES_IN_STATES_QUERY, ISSUES_BY_IDS_QUERY,
};
