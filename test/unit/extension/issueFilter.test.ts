import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { describeFilter, isFiltering, matchesFilter, NO_FILTER, visibleIssueIds } from '../../../extension/views/issueFilter.ts';
import { anIssue } from '../../fakes/issueBuilder.ts';

describe('Task Graph filter', () => {
  const parent = anIssue({ identifier: 'P-1', state: 'In Progress', labels: ['web'] });
  const child = anIssue({ identifier: 'C-1', state: 'Todo', labels: ['copy'], parent_id: 'P-1' });
  const other = anIssue({ identifier: 'O-1', state: 'Done' });
  const issues = new Map([parent, child, other].map((issue) => [issue.id, issue]));

  it('matches everything when nothing is chosen', () => {
    assert.equal(isFiltering(NO_FILTER), false);
    assert.ok(matchesFilter(NO_FILTER, other, 'no run'));
  });

  it('requires every chosen criterion, each matched case-insensitively', () => {
    const filter = { states: ['todo'], labels: ['Copy'], runtime: [] };
    assert.ok(matchesFilter(filter, child, 'no run'));
    assert.ok(!matchesFilter(filter, parent, 'no run'));
    assert.ok(!matchesFilter({ ...filter, runtime: ['running'] }, child, 'completed'));
    assert.ok(matchesFilter({ ...filter, runtime: ['running'] }, child, 'running'));
  });

  it('keeps the ancestors of a matching sub-issue visible', () => {
    const visible = visibleIssueIds(issues, (issue) => matchesFilter({ states: ['Todo'], labels: [], runtime: [] }, issue, 'no run'));
    assert.deepEqual([...visible].sort(), ['C-1', 'P-1']);
  });

  it('describes itself for the view title', () => {
    assert.equal(describeFilter({ states: ['Todo'], labels: ['web'], runtime: ['failed'] }), 'Todo, #web, failed');
  });
});
