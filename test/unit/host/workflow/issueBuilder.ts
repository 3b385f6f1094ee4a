import type { Issue } from '../../../../host/protocol/index.ts';
import { anIssue as baseIssue } from '../../../fakes/issueBuilder.ts';

/** A normalized issue with values the prompt tests read; override what the test is about. */
export function anIssue(overrides: Partial<Issue> = {}): Issue {
  return baseIssue({
    identifier: 'DEMO-1', title: 'Add a greeting', description: 'Print hello on start.', priority: 2,
    labels: ['backend'], created_at: '2025-01-31T09:00:00.000Z', ...overrides,
  });
}
