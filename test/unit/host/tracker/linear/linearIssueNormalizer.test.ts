import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { normalizeLinearIssue } from '../../../../../host/tracker/linear/linearIssueNormalizer.ts';
import { LinearTrackerError } from '../../../../../host/tracker/linear/linearTrackerError.ts';

/** An issue node as the adapter's queries select it; `overrides` replace fields. */
function node(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: 'uuid-1', identifier: 'ENG-1', title: 'Title', description: null, priority: 2, state: { name: 'Todo' },
    branchName: 'eng-1', url: 'https://linear.app/x/issue/eng-1', labels: { nodes: [] }, parent: null,
    project: { id: 'project-1', slugId: 'slug' }, projectMilestone: null, inverseRelations: { nodes: [] },
    createdAt: '2026-01-02T03:04:05.000Z', updatedAt: '2026-01-02T03:04:06.000Z', archivedAt: null, trashed: null,
    ...overrides,
  };
}

const normalized = (overrides: Record<string, unknown>) => normalizeLinearIssue(node(overrides), 'page 1, node 1').issue;

describe('normalizeLinearIssue', () => {
  test('labels: trimmed, lower-cased, blanks and non-text dropped, first occurrence kept', () => {
    const labels = { nodes: [{ name: ' Bug' }, { name: 'UI ' }, { name: 'bug' }, { name: '  ' }, { name: null }, {}, { name: 'ui' }] };
    assert.deepEqual(normalized({ labels }).labels, ['bug', 'ui']);
  });

  test('blocked_by: only inverse relations of type blocks, the relation issue being the blocker', () => {
    const inverseRelations = { nodes: [
      { type: 'blocks', issue: { id: 'b1', identifier: 'ENG-7', state: { name: 'In Progress' } } },
      { type: 'related', issue: { id: 'r1', identifier: 'ENG-8', state: { name: 'Todo' } } },
      { type: 'duplicate', issue: { id: 'd1', identifier: 'ENG-9', state: { name: 'Todo' } } },
      { type: 'blocks', issue: { id: 'b2', identifier: null, state: null } },
      { type: 'blocks', issue: null },
    ] };
    assert.deepEqual(normalized({ inverseRelations }).blocked_by, [
      { id: 'b1', identifier: 'ENG-7', state: 'In Progress' },
      { id: 'b2', identifier: null, state: null },
    ]);
  });

  test('priority: integers 1–4 only; 0, fractions, out-of-range values and non-numbers become null', () => {
    const priorities = [0, 1, 2, 3, 4, 5, -1, 2.5, '2', null].map((priority) => normalized({ priority }).priority);
    assert.deepEqual(priorities, [null, 1, 2, 3, 4, null, null, null, null, null]);
  });

  test('parent, project and milestone ids; timestamps as ISO 8601, unparseable ones null', () => {
    const issue = normalized({ parent: { id: 'p1' }, projectMilestone: { id: 'm1' }, createdAt: '2026-01-02T04:04:05+01:00', updatedAt: 'soon' });
    assert.deepEqual(
      { parent_id: issue.parent_id, project_id: issue.project_id, milestone_id: issue.milestone_id, created_at: issue.created_at, updated_at: issue.updated_at },
      { parent_id: 'p1', project_id: 'project-1', milestone_id: 'm1', created_at: '2026-01-02T03:04:05.000Z', updated_at: null },
    );
  });

  test('unusable optional fields become null or empty; the issue is still usable', () => {
    const issue = normalized({ description: 42, branchName: '', url: null, labels: 'oops', inverseRelations: null, parent: 'x', projectMilestone: [] });
    assert.deepEqual(
      { description: issue.description, branch_name: issue.branch_name, url: issue.url, labels: issue.labels, blocked_by: issue.blocked_by, parent_id: issue.parent_id, milestone_id: issue.milestone_id },
      { description: null, branch_name: null, url: null, labels: [], blocked_by: [], parent_id: null, milestone_id: null },
    );
    assert.equal(issue.identifier, 'ENG-1');
  });

  test('records the project slug and whether Linear archived or trashed the issue', () => {
    assert.deepEqual(normalizeLinearIssue(node(), 'n').projectSlug, 'slug');
    assert.equal(normalizeLinearIssue(node({ project: null }), 'n').projectSlug, null);
    assert.deepEqual([node(), node({ archivedAt: '2026-01-03T00:00:00Z' }), node({ trashed: true })].map((raw) => normalizeLinearIssue(raw, 'n').removed), [false, true, true]);
  });

  test('a record without id, identifier, title or state name is linear_malformed_issue naming it', () => {
    const cases: [Record<string, unknown>, RegExp, string][] = [
      [{ id: null }, /issue ENG-1 \(page 1, node 1\) that has no id/, 'ENG-1'],
      [{ identifier: '  ' }, /issue uuid-1 \(page 1, node 1\) that has no identifier/, 'uuid-1'],
      [{ title: null }, /issue ENG-1 .*has no title/, 'ENG-1'],
      [{ state: { name: '' } }, /issue ENG-1 .*has no state name/, 'ENG-1'],
      [{ state: null, id: null, identifier: null }, /issue page 1, node 1 that has no id/, 'page 1, node 1'],
    ];
    for (const [overrides, message, record] of cases) {
      assert.throws(() => normalizeLinearIssue(node(overrides), 'page 1, node 1'), (error: LinearTrackerError) => {
        assert.ok(error instanceof LinearTrackerError);
        assert.equal(error.code, 'linear_malformed_issue');
        assert.match(error.message, message);
        assert.equal(error.record, record);
        return true;
      });
    }
    assert.throws(() => normalizeLinearIssue('not an issue', 'batch 1, node 3'), { code: 'linear_malformed_issue', message: /batch 1, node 3/ });
  });
});
