import type { Issue } from '../../host/protocol/index.ts';

/** A valid issue with overridable fields. */
export function anIssue(overrides: Partial<Issue> & { identifier: string }): Issue {
  return {
    id: overrides.identifier,
    title: `Title of ${overrides.identifier}`,
    description: null,
    priority: null,
    state: 'Todo',
    branch_name: null,
    url: null,
    labels: [],
    parent_id: null,
    project_id: null,
    milestone_id: null,
    blocked_by: [],
    created_at: null,
    updated_at: null,
    ...overrides,
  };
}
