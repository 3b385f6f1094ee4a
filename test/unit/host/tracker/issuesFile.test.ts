import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parseIssuesFile } from '../../../../host/tracker/local/issuesFile.ts';
import { LocalTrackerError } from '../../../../host/tracker/local/localTrackerError.ts';
import { aRecord, issuesYaml } from './issuesFileBuilder.ts';

const FILE = '/projects/demo/issues.yaml';

function payloadError(text: string): LocalTrackerError {
  try {
    parseIssuesFile(text, FILE);
  } catch (error) {
    assert.ok(error instanceof LocalTrackerError, `expected a LocalTrackerError, got ${String(error)}`);
    assert.equal(error.code, 'tracker_payload_error');
    assert.ok(error.message.includes(FILE), 'the message names the file');
    return error;
  }
  assert.fail('expected the file to be rejected');
}

describe('parseIssuesFile: normalization', () => {
  test('a full record becomes a normalized issue whose id is its identifier', () => {
    const [issue] = parseIssuesFile(issuesYaml(aRecord({
      identifier: 'DEMO-1', title: 'Greeting', description: 'Say hi', state: 'In Progress', priority: 1, milestone: 'Beta', assignee: ' Grace Hopper ',
      labels: ['Backend'], url: 'https://example.test/DEMO-1', branch_name: 'demo-1-greeting', created_at: '2025-01-31T10:00:00+01:00',
    })), FILE);
    assert.deepEqual(issue, {
      id: 'DEMO-1', identifier: 'DEMO-1', title: 'Greeting', description: 'Say hi', priority: 1, state: 'In Progress',
      branch_name: 'demo-1-greeting', url: 'https://example.test/DEMO-1', labels: ['backend'], parent_id: null,
      project_id: 'local', milestone_id: 'milestone:Beta',
      blocked_by: [], created_at: '2025-01-31T09:00:00.000Z', updated_at: null, assignee: 'Grace Hopper',
    });
  });

  test('optional fields default to null or empty lists', () => {
    const [issue] = parseIssuesFile(issuesYaml(aRecord()), FILE);
    assert.deepEqual([issue?.description, issue?.priority, issue?.url, issue?.branch_name, issue?.created_at, issue?.assignee], [null, null, null, null, null, null]);
    assert.deepEqual([issue?.labels, issue?.blocked_by], [[], []]);
  });

  test('labels are trimmed, lower-cased, stripped of blanks and de-duplicated', () => {
    const [issue] = parseIssuesFile(issuesYaml(aRecord({ labels: [' Backend ', 'backend', 'UI', '  '] })), FILE);
    assert.deepEqual(issue?.labels, ['backend', 'ui']);
  });

  test('blockers resolve to the state of the blocking record; unknown blockers keep a null state', () => {
    const issues = parseIssuesFile(issuesYaml(
      aRecord({ identifier: 'DEMO-1', state: 'Done' }),
      aRecord({ identifier: 'DEMO-2', blocked_by: ['DEMO-1', 'ELSEWHERE-9'] }),
    ), FILE);
    assert.deepEqual(issues[1]?.blocked_by, [
      { id: 'DEMO-1', identifier: 'DEMO-1', state: 'Done' },
      { id: 'ELSEWHERE-9', identifier: 'ELSEWHERE-9', state: null },
    ]);
  });

  test('parent becomes parent_id, and records keep file order', () => {
    const issues = parseIssuesFile(issuesYaml(aRecord({ identifier: 'EPIC-1' }), aRecord({ identifier: 'DEMO-2', parent: 'EPIC-1' })), FILE);
    assert.deepEqual(issues.map((issue) => [issue.identifier, issue.parent_id]), [['EPIC-1', null], ['DEMO-2', 'EPIC-1']]);
  });

  test('an empty issues list is valid', () => {
    assert.deepEqual(parseIssuesFile('issues: []\n', FILE), []);
    assert.deepEqual(parseIssuesFile('issues:\n', FILE), []);
  });

  test('unknown record keys are ignored', () => {
    assert.equal(parseIssuesFile(issuesYaml(aRecord({ assignee: 'someone' })), FILE).length, 1);
  });
});

describe('parseIssuesFile: bad records are errors, never dropped', () => {
  test('a missing required field names the record index, the identifier, the field and the fix', () => {
    const error = payloadError(issuesYaml(aRecord(), aRecord({ identifier: 'DEMO-2', title: undefined })));
    assert.equal(error.identifier, 'DEMO-2');
    assert.equal(error.field, 'title');
    assert.match(error.message, /record issues\[1\] \(DEMO-2\): 'title' is required\. Fix this record/);
  });

  test('a record without an identifier is named by its index', () => {
    const error = payloadError(issuesYaml(aRecord({ identifier: undefined })));
    assert.equal(error.field, 'identifier');
    assert.match(error.message, /record issues\[0\]: 'identifier' is required/);
  });

  test('a wrong type is reported with what was found', () => {
    assert.match(payloadError(issuesYaml(aRecord({ state: 3 }))).message, /'state' must be non-empty text, got 3/);
    assert.match(payloadError(issuesYaml(aRecord({ labels: 'backend' }))).message, /'labels' must be a list/);
    assert.match(payloadError(issuesYaml(aRecord({ blocked_by: ['DEMO-2', 7] }))).message, /'blocked_by' must list text values only, but item 1 is 7/);
    assert.match(payloadError(issuesYaml(aRecord({ assignee: ['Ada'] }))).message, /'assignee' must be text, got a list/);
  });

  test('priority must be an integer from 1 to 4', () => {
    for (const priority of [0, 5, 2.5, 'high']) {
      assert.equal(payloadError(issuesYaml(aRecord({ priority }))).field, 'priority', `priority ${String(priority)}`);
    }
  });

  test('an unparseable created_at is an error', () => {
    assert.equal(payloadError(issuesYaml(aRecord({ created_at: 'last tuesday' }))).field, 'created_at');
  });

  test('a duplicate identifier (ignoring case) is an error on the second record', () => {
    const error = payloadError(issuesYaml(aRecord({ identifier: 'DEMO-1' }), aRecord({ identifier: 'demo-1' })));
    assert.match(error.message, /issues\[1\] \(demo-1\): 'identifier' repeats the identifier of issues\[0\] \(DEMO-1\)/);
  });

  test('a parent that is not in the file is an error', () => {
    const error = payloadError(issuesYaml(aRecord({ parent: 'EPIC-404' })));
    assert.equal(error.field, 'parent');
    assert.match(error.message, /"EPIC-404", which is not an identifier in this file/);
  });

  test('parents that form a cycle are an error', () => {
    const error = payloadError(issuesYaml(aRecord({ identifier: 'A', parent: 'B' }), aRecord({ identifier: 'B', parent: 'A' })));
    assert.match(error.message, /own ancestor/);
  });

  test('a record that is not a map is an error', () => {
    assert.match(payloadError('issues:\n  - just a title\n').message, /issues\[0\]: must be a map/);
  });

  test('errors carry the file line of the offending field', () => {
    const error = payloadError('issues:\n  - identifier: DEMO-1\n    title: Greeting\n    state: Todo\n    priority: 9\n');
    assert.equal(error.line, 5);
    assert.ok(error.message.includes(`${FILE}:5:`));
  });
});

describe('parseIssuesFile: file-level errors', () => {
  test('invalid YAML names the line', () => {
    const error = payloadError('issues:\n  - identifier: "DEMO-1\n');
    assert.equal(typeof error.line, 'number');
    assert.match(error.message, /is not valid YAML/);
  });

  test('an empty file is an error, since it would look like every issue was deleted', () => {
    assert.match(payloadError('').message, /is empty/);
  });

  test('a file without a top-level issues list is an error that shows the expected shape', () => {
    assert.match(payloadError('tasks: []\n').message, /needs a top-level 'issues:' list/);
    assert.match(payloadError('- identifier: A\n').message, /needs a top-level 'issues:' list/);
    assert.match(payloadError('issues: {}\n').message, /'issues' must be a list/);
  });
});
