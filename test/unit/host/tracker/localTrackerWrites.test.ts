import assert from 'node:assert/strict';
import { readFile, stat, writeFile, chmod } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import { parse } from 'yaml';
import { LocalTracker } from '../../../../host/tracker/local/localTracker.ts';
import { tempFolder } from '../workflow/testSupport.ts';

const FILE = `# Issues of the demo workspace (this comment must survive writes)
issues:
  - identifier: DEMO-1
    title: Add a greeting   # inline comment
    state: Todo
    milestone: Beta
  - identifier: DEMO-2
    title: Second
    state: In Progress
    parent: DEMO-1
`;

async function trackerOver(t: TestContext, text = FILE): Promise<{ path: string; tracker: LocalTracker }> {
  const path = nodePath.join(await tempFolder(t), 'issues.yaml');
  await writeFile(path, text);
  await chmod(path, 0o640);
  const tracker = new LocalTracker({ path, debounceMs: 20 });
  t.after(() => tracker.dispose());
  return { path, tracker };
}

async function fileOf(path: string): Promise<{ text: string; data: { issues: Record<string, unknown>[]; milestones?: unknown[] } }> {
  const text = await readFile(path, 'utf8');
  return { text, data: parse(text) };
}

describe('LocalTracker writes', () => {
  test('createComment appends to the record\'s comments list and keeps the rest of the file as written', async (t) => {
    const { path, tracker } = await trackerOver(t);

    const first = await tracker.createComment('DEMO-1', 'Looks good');
    const second = await tracker.createComment('DEMO-1', 'Second thought');

    const { text, data } = await fileOf(path);
    assert.deepEqual([first.id, second.id], ['DEMO-1#comment-1', 'DEMO-1#comment-2']);
    assert.deepEqual((data.issues[0]!.comments as { body: string }[]).map((comment) => comment.body), ['Looks good', 'Second thought']);
    assert.match(text, /^# Issues of the demo workspace/);
    assert.match(text, /# inline comment/);
    assert.equal((await stat(path)).mode & 0o777, 0o640, 'the file keeps its mode');
    assert.equal((await tracker.fetchAllIssues()).length, 2, 'the reader ignores comments');
  });

  test('transitionIssue rewrites the state and the next read sees it at once', async (t) => {
    const { tracker } = await trackerOver(t);
    await tracker.fetchAllIssues();

    const updated = await tracker.transitionIssue('DEMO-1', 'Done');

    assert.equal(updated.state, 'Done');
    assert.equal((await tracker.fetchIssuesByIds(['DEMO-1']))[0]?.state, 'Done');
  });

  test('an unknown issue is tracker_not_found and the file is left alone', async (t) => {
    const { path, tracker } = await trackerOver(t);

    await assert.rejects(tracker.transitionIssue('NOPE-9', 'Done'), { code: 'tracker_not_found' });
    await assert.rejects(tracker.createComment('NOPE-9', 'x'), { code: 'tracker_not_found' });
    assert.equal((await fileOf(path)).text, FILE);
  });

  test('createIssue takes the next identifier of the file\'s prefix; a sub-issue inherits its parent\'s milestone', async (t) => {
    const { tracker } = await trackerOver(t);

    const top = await tracker.createIssue({ title: 'Top level', projectId: 'local', priority: 2 });
    const child = await tracker.createIssue({ title: 'Child', parentId: 'DEMO-1', state: 'Backlog', description: 'why' });

    assert.deepEqual([top.identifier, top.state, top.priority, top.parent_id, top.milestone_id], ['DEMO-3', 'Todo', 2, null, null]);
    assert.deepEqual([child.identifier, child.state, child.parent_id, child.milestone_id, child.description], ['DEMO-4', 'Backlog', 'DEMO-1', 'milestone:Beta', 'why']);
    assert.deepEqual((await tracker.fetchAllIssues()).map((issue) => issue.identifier), ['DEMO-1', 'DEMO-2', 'DEMO-3', 'DEMO-4']);
  });

  test('createIssue refuses an unknown parent, project or milestone without writing', async (t) => {
    const { path, tracker } = await trackerOver(t);

    await assert.rejects(tracker.createIssue({ title: 'x', parentId: 'NOPE-1' }), { code: 'tracker_not_found' });
    await assert.rejects(tracker.createIssue({ title: 'x', projectId: 'elsewhere' }), { code: 'tracker_not_found' });
    await assert.rejects(tracker.createIssue({ title: 'x', milestoneId: 'not-a-milestone-id' }), { code: 'tracker_not_found' });
    assert.equal((await fileOf(path)).text, FILE);
  });

  test('createMilestone declares a milestone in a top-level list; the structure lists it before any issue uses it', async (t) => {
    const { path, tracker } = await trackerOver(t);

    const milestone = await tracker.createMilestone({ projectId: 'local', name: 'GA', targetDate: '2027-03-01' });

    assert.deepEqual(milestone, { id: 'milestone:GA', project_id: 'local', name: 'GA', target_date: '2027-03-01', sort_order: null });
    assert.deepEqual((await fileOf(path)).data.milestones, [{ name: 'GA', target_date: '2027-03-01' }]);
    const structure = await tracker.fetchStructure();
    assert.deepEqual(structure.milestones.map((entry) => [entry.id, entry.target_date]), [['milestone:GA', '2027-03-01'], ['milestone:Beta', null]]);
    await assert.rejects(tracker.createMilestone({ projectId: 'local', name: 'GA' }), { code: 'tracker_write_rejected' });
    await assert.rejects(tracker.createMilestone({ projectId: 'other', name: 'X' }), { code: 'tracker_not_found' });
  });

  test('concurrent writes are applied one after another, none lost', async (t) => {
    const { path, tracker } = await trackerOver(t);

    await Promise.all(Array.from({ length: 8 }, (_, index) => tracker.createComment('DEMO-2', `comment ${index}`)));

    assert.equal(((await fileOf(path)).data.issues[1]!.comments as unknown[]).length, 8);
  });

  test('refreshIssue re-reads the file', async (t) => {
    const { path, tracker } = await trackerOver(t);
    await tracker.fetchAllIssues();
    await writeFile(path, FILE.replace('title: Second', 'title: Renamed'));

    assert.equal((await tracker.refreshIssue('DEMO-2'))?.title, 'Renamed');
    assert.equal(await tracker.refreshIssue('NOPE-1'), undefined);
  });
});
