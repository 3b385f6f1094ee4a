import assert from 'node:assert/strict';
import * as nodePath from 'node:path';
import { describe, test } from 'node:test';
import { TrackerHolder } from '../../../../host/composition/trackerHolder.ts';
import { parseWorkflow } from '../../../../host/workflow/workflowLoader.ts';
import type { WorkflowDefinition } from '../../../../host/workflow/workflowConfig.ts';
import { pathEnvironment, workflowText } from '../workflow/workflowBuilder.ts';

const WORKFLOW_PATH = nodePath.resolve('/projects/demo/WORKFLOW.md');
const KEY = 'lin_api_holder_secret_1';

function linearWorkflow(tracker: Record<string, unknown>, env: Record<string, string> = { LINEAR_API_KEY: KEY }): WorkflowDefinition {
  return parseWorkflow(workflowText({ tracker: { kind: 'linear', project_slug: 'abc123', ...tracker } }), WORKFLOW_PATH, pathEnvironment(env));
}

function holder(t: { after(fn: () => void): void }): TrackerHolder {
  const trackers = new TrackerHolder(() => {});
  t.after(() => trackers.dispose());
  return trackers;
}

describe('TrackerHolder', () => {
  test('creates the Linear tracker for kind linear and keeps it while the settings stay the same', (t) => {
    const trackers = holder(t);
    trackers.update(linearWorkflow({}));
    const first = trackers.current;
    assert.equal(first?.kind, 'linear');
    assert.equal(typeof first?.stats, 'function', 'the Linear tracker reports request stats');
    trackers.update(linearWorkflow({}));
    assert.equal(trackers.current, first);
  });

  test('a different key, endpoint, project or state list recreates it', (t) => {
    const trackers = holder(t);
    trackers.update(linearWorkflow({}));
    const changes: [Record<string, unknown>, Record<string, string>?][] = [
      [{}, { LINEAR_API_KEY: 'lin_api_rotated' }],
      [{ endpoint: 'https://linear.example/graphql' }, { LINEAR_API_KEY: 'lin_api_rotated' }],
      [{ endpoint: 'https://linear.example/graphql', project_slug: 'other' }, { LINEAR_API_KEY: 'lin_api_rotated' }],
      [{ endpoint: 'https://linear.example/graphql', project_slug: 'other', active_states: ['Ready'] }, { LINEAR_API_KEY: 'lin_api_rotated' }],
    ];
    for (const [tracker, env] of changes) {
      const before = trackers.current;
      trackers.update(linearWorkflow(tracker, env));
      assert.notEqual(trackers.current, before, JSON.stringify(tracker));
    }
  });

  test('a missing key is missing_tracker_api_key: update throws it and every read of the stand-in fails with it', async (t) => {
    const trackers = holder(t);
    assert.throws(() => trackers.update(linearWorkflow({}, {})), { code: 'missing_tracker_api_key' });
    assert.equal(trackers.current?.kind, 'linear');
    assert.equal(trackers.error?.code, 'missing_tracker_api_key');
    await assert.rejects(trackers.current!.fetchIssuesByStates(['Todo']), { code: 'missing_tracker_api_key' });
    await assert.rejects(trackers.current!.fetchIssuesByIds(['x']), { code: 'missing_tracker_api_key' });
    trackers.update(linearWorkflow({}));
    assert.equal(trackers.error, undefined, 'setting the key clears the error');
  });

  test('a missing project slug is missing_tracker_project_slug', (t) => {
    const trackers = holder(t);
    assert.throws(() => trackers.update(linearWorkflow({ project_slug: null })), { code: 'missing_tracker_project_slug' });
    assert.equal(trackers.error?.code, 'missing_tracker_project_slug');
  });

  test('switching back to the local tracker replaces the Linear one', (t) => {
    const trackers = holder(t);
    trackers.update(linearWorkflow({}));
    trackers.update(parseWorkflow(workflowText({ tracker: { kind: 'local' } }), WORKFLOW_PATH, pathEnvironment()));
    assert.equal(trackers.current?.kind, 'local');
  });
});
