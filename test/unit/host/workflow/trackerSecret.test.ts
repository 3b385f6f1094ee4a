import assert from 'node:assert/strict';
import * as nodePath from 'node:path';
import { describe, test } from 'node:test';
import { withRedactedTrackerSecret } from '../../../../host/workflow/trackerSecret.ts';
import { parseWorkflow } from '../../../../host/workflow/workflowLoader.ts';
import { pathEnvironment, workflowText } from './workflowBuilder.ts';

const WORKFLOW_PATH = nodePath.resolve('/projects/demo/WORKFLOW.md');

/** The resolved `tracker.api_key` of a linear WORKFLOW.md with these tracker keys and environment. */
function apiKeyOf(tracker: Record<string, unknown>, env: Record<string, string> = {}): string | null {
  const definition = parseWorkflow(workflowText({ tracker: { kind: 'linear', project_slug: 'abc', ...tracker } }), WORKFLOW_PATH, pathEnvironment(env));
  return definition.config.tracker.api_key;
}

describe('tracker.api_key resolution', () => {
  test('$VAR and ${VAR} are replaced by the environment variable, trimmed', () => {
    assert.equal(apiKeyOf({ api_key: '$MY_LINEAR_KEY' }, { MY_LINEAR_KEY: ' lin_api_from_env ' }), 'lin_api_from_env');
    assert.equal(apiKeyOf({ api_key: '${MY_LINEAR_KEY}' }, { MY_LINEAR_KEY: 'lin_api_braced' }), 'lin_api_braced');
  });

  test('an omitted key falls back to $LINEAR_API_KEY', () => {
    assert.equal(apiKeyOf({}, { LINEAR_API_KEY: 'lin_api_default' }), 'lin_api_default');
  });

  test('a literal key is used as written (trimmed); it is not mistaken for a variable', () => {
    assert.equal(apiKeyOf({ api_key: ' lin_api_literal ' }, { LINEAR_API_KEY: 'lin_api_default' }), 'lin_api_literal');
    assert.equal(apiKeyOf({ api_key: 'prefix$NOT_A_VAR' }), 'prefix$NOT_A_VAR');
  });

  test('an unset, empty or blank resolution is missing (null), and loading still succeeds', () => {
    assert.equal(apiKeyOf({ api_key: '$UNSET_VARIABLE' }), null);
    assert.equal(apiKeyOf({ api_key: '$EMPTY' }, { EMPTY: '' }), null);
    assert.equal(apiKeyOf({ api_key: '$BLANK' }, { BLANK: '   ' }), null);
    assert.equal(apiKeyOf({}), null);
    assert.equal(apiKeyOf({ api_key: '  ' }, { LINEAR_API_KEY: 'lin_api_default' }), null);
  });

  test('trackers other than linear hold no key, even when LINEAR_API_KEY is set', () => {
    const definition = parseWorkflow(workflowText({ tracker: { kind: 'local', api_key: '$LINEAR_API_KEY' } }), WORKFLOW_PATH, pathEnvironment({ LINEAR_API_KEY: 'lin_api_default' }));
    assert.equal(definition.config.tracker.api_key, null);
  });

  test('a printable config hides the key but says whether one is set', () => {
    const config = parseWorkflow(workflowText({ tracker: { kind: 'linear' } }), WORKFLOW_PATH, pathEnvironment({ LINEAR_API_KEY: 'lin_api_secret_value' })).config;
    const printed = JSON.stringify(withRedactedTrackerSecret(config));
    assert.ok(!printed.includes('lin_api_secret_value'));
    assert.equal(withRedactedTrackerSecret(config).tracker.api_key, '[set, hidden]');
    assert.equal(config.tracker.api_key, 'lin_api_secret_value', 'the original is untouched');
    const unset = parseWorkflow(workflowText({ tracker: { kind: 'linear' }, openhands: { session_api_key: null, llm: { api_key: null } } }), WORKFLOW_PATH, pathEnvironment({})).config;
    assert.equal(withRedactedTrackerSecret(unset).tracker.api_key, null);
  });

  test('OpenHands secrets resolve like the tracker key and are hidden when printed', () => {
    const config = parseWorkflow(workflowText({ harness: { kind: 'openhands' }, openhands: { llm: { api_key: '${LLM_KEY}' } } }), WORKFLOW_PATH,
      pathEnvironment({ OPENHANDS_SESSION_API_KEY: 'session-secret', LLM_KEY: 'llm-secret' })).config;
    assert.equal(config.openhands.session_api_key, 'session-secret', 'the default reference is $OPENHANDS_SESSION_API_KEY');
    assert.equal(config.openhands.llm.api_key, 'llm-secret');
    const printed = JSON.stringify(withRedactedTrackerSecret(config));
    assert.ok(!printed.includes('session-secret') && !printed.includes('llm-secret'));
  });
});
