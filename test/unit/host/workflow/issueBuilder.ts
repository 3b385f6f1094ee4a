import type { Issue } from '../../../../host/protocol/index.ts';

/** A normalized issue with plausible values; override what the test is about. */
export function anIssue(overrides: Partial<Issue> = {}): Issue {
  return {
    id: 'DEMO-1',
    identifier: 'DEMO-1',
    title: 'Add a greeting',
    description: 'Print hello on start.',
    priority: 2,
    state: 'Todo',
    branch_name: null,
    url: null,
    labels: ['backend'],
    parent_id: null,
    blocked_by: [],
    created_at: '2025-01-31T09:00:00.000Z',
    updated_at: null,
    ...overrides,
  };
}
