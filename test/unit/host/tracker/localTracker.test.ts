import assert from 'node:assert/strict';
import { rename, writeFile } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import { createLocalTracker } from '../../../../host/tracker/local/localTracker.ts';
import { LocalTrackerError } from '../../../../host/tracker/local/localTrackerError.ts';
import { nextEvent, tempFolder } from '../workflow/testSupport.ts';
import { aRecord, issuesYaml } from './issuesFileBuilder.ts';

async function trackerOver(t: TestContext, text: string | null) {
  const path = nodePath.join(await tempFolder(t), 'issues.yaml');
  if (text !== null) await writeFile(path, text);
  const tracker = createLocalTracker({ path, debounceMs: 20 });
  t.after(() => tracker.dispose());
  return { path, tracker };
}

const threeIssues = issuesYaml(
  aRecord({ identifier: 'DEMO-1', state: 'Todo' }),
  aRecord({ identifier: 'DEMO-2', state: ' in progress ' }),
  aRecord({ identifier: 'DEMO-3', state: 'Done' }),
);

const identifiers = (issues: { identifier: string }[]) => issues.map((issue) => issue.identifier);

describe('LocalTracker', () => {
  test('is the local kind', async (t) => {
    assert.equal((await trackerOver(t, threeIssues)).tracker.kind, 'local');
  });

  test('fetchIssuesByStates compares states trimmed and case-insensitively', async (t) => {
    const { tracker } = await trackerOver(t, threeIssues);
    assert.deepEqual(identifiers(await tracker.fetchIssuesByStates(['TODO', 'In Progress'])), ['DEMO-1', 'DEMO-2']);
  });

  test('an empty state or id list returns nothing without reading the file', async (t) => {
    const { tracker } = await trackerOver(t, null);
    assert.deepEqual(await tracker.fetchIssuesByStates([]), []);
    assert.deepEqual(await tracker.fetchIssuesByIds([]), []);
  });

  test('fetchIssuesByIds returns the requested issues in request order and leaves unknown ids out', async (t) => {
    const { tracker } = await trackerOver(t, threeIssues);
    assert.deepEqual(identifiers(await tracker.fetchIssuesByIds(['DEMO-3', 'NOPE-1', 'DEMO-1'])), ['DEMO-3', 'DEMO-1']);
  });

  test('fetchAllIssues returns every issue in file order', async (t) => {
    const { tracker } = await trackerOver(t, threeIssues);
    assert.deepEqual(identifiers(await tracker.fetchAllIssues()), ['DEMO-1', 'DEMO-2', 'DEMO-3']);
  });

  test('callers get copies: changing a returned issue does not change the next fetch', async (t) => {
    const { tracker } = await trackerOver(t, threeIssues);
    const [first] = await tracker.fetchIssuesByIds(['DEMO-1']);
    first?.labels.push('tampered');
    const [again] = await tracker.fetchIssuesByIds(['DEMO-1']);
    assert.deepEqual(again?.labels, []);
  });

  test('a missing file is tracker_file_missing naming the file', async (t) => {
    const { path, tracker } = await trackerOver(t, null);
    await assert.rejects(tracker.fetchAllIssues(), (error: unknown) => {
      assert.ok(error instanceof LocalTrackerError);
      assert.equal(error.code, 'tracker_file_missing');
      assert.ok(error.message.includes(path));
      return true;
    });
  });

  test('a bad record fails the fetch with tracker_payload_error', async (t) => {
    const { tracker } = await trackerOver(t, issuesYaml(aRecord({ state: undefined })));
    await assert.rejects(tracker.fetchIssuesByStates(['Todo']), { code: 'tracker_payload_error' });
  });

  test('an edit fires onDidChange and the next fetch sees it', async (t) => {
    const { path, tracker } = await trackerOver(t, threeIssues);
    assert.equal((await tracker.fetchAllIssues()).length, 3);
    const changed = nextEvent(tracker.onDidChange, { what: 'the file change' });
    await writeFile(path, issuesYaml(aRecord({ identifier: 'NEW-1' })));
    await changed;
    assert.deepEqual(identifiers(await tracker.fetchAllIssues()), ['NEW-1']);
  });

  test('a file replaced by rename fires onDidChange', async (t) => {
    const { path, tracker } = await trackerOver(t, threeIssues);
    const changed = nextEvent(tracker.onDidChange, { what: 'the replacement' });
    await writeFile(`${path}.tmp`, issuesYaml(aRecord({ identifier: 'NEW-2' })));
    await rename(`${path}.tmp`, path);
    await changed;
    assert.deepEqual(identifiers(await tracker.fetchAllIssues()), ['NEW-2']);
  });

  test('a fetch sees an edit even before the watch event arrives', async (t) => {
    const path = nodePath.join(await tempFolder(t), 'issues.yaml');
    await writeFile(path, threeIssues);
    // A debounce far beyond the test: only the cache's own file check can notice the edit.
    const tracker = createLocalTracker({ path, debounceMs: 60_000 });
    t.after(() => tracker.dispose());
    assert.equal((await tracker.fetchAllIssues()).length, 3);
    await writeFile(path, issuesYaml(aRecord({ identifier: 'NEW-3' })));
    assert.deepEqual(identifiers(await tracker.fetchAllIssues()), ['NEW-3']);
  });
});
