import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { describe, test } from 'node:test';
import { loadWorkflow, parseWorkflow } from '../../../../host/workflow/workflowLoader.ts';
import { WorkflowError } from '../../../../host/workflow/workflowErrors.ts';
import { tempFolder } from './testSupport.ts';
import { pathEnvironment, workflowText } from './workflowBuilder.ts';

const WORKFLOW_PATH = nodePath.resolve('/projects/demo/WORKFLOW.md');
const parse = (text: string, env: Record<string, string> = {}) => parseWorkflow(text, WORKFLOW_PATH, pathEnvironment(env));

function parseFailure(text: string, env: Record<string, string> = {}): WorkflowError {
  try {
    parse(text, env);
  } catch (error) {
    assert.ok(error instanceof WorkflowError, `expected a WorkflowError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected parsing to fail');
}

describe('parseWorkflow: structure', () => {
  test('a file without front matter is all prompt, with the default config', () => {
    const definition = parse('\n  Fix {{ issue.identifier }} carefully.  \n\n');
    assert.equal(definition.promptTemplate, 'Fix {{ issue.identifier }} carefully.');
    assert.equal(definition.config.polling.interval_ms, 30_000);
    assert.equal(definition.path, WORKFLOW_PATH);
  });

  test('front matter is the YAML between the leading fence and the next one; the body is trimmed', () => {
    const definition = parse(workflowText('polling:\n  interval_ms: 5000', '\n\nDo the work.\n\n'));
    assert.equal(definition.config.polling.interval_ms, 5000);
    assert.equal(definition.promptTemplate, 'Do the work.');
  });

  test('promptTemplateLine is the file line where the trimmed body starts', () => {
    const definition = parse('---\nagent:\n  max_turns: 3\n---\n\nLine five.\n');
    assert.equal(definition.promptTemplateLine, 6);
  });

  test('an empty front matter block means all defaults, and CRLF line endings are accepted', () => {
    const definition = parse('---\r\n---\r\nBody\r\n');
    assert.equal(definition.config.agent.max_turns, 20);
    assert.equal(definition.promptTemplate, 'Body');
  });

  test('unknown keys are ignored, at the top level and inside sections', () => {
    const definition = parse(workflowText({ server: { port: 0 }, agent: { max_turns: 4, favourite_colour: 'blue' } }));
    assert.equal(definition.config.agent.max_turns, 4);
    assert.equal('server' in definition.config, false);
  });
});

describe('parseWorkflow: defaults', () => {
  test('every optional value takes the documented default', () => {
    const { config } = parse(workflowText({}));
    assert.deepEqual(config.tracker.active_states, ['Todo', 'In Progress']);
    assert.deepEqual(config.tracker.terminal_states, ['Closed', 'Cancelled', 'Canceled', 'Duplicate', 'Done']);
    assert.equal(config.tracker.kind, 'local');
    assert.equal(config.polling.interval_ms, 30_000);
    assert.equal(config.hooks.timeout_ms, 60_000);
    assert.equal(config.hooks.after_create, null);
    assert.deepEqual(
      [config.agent.max_concurrent_agents, config.agent.max_turns, config.agent.max_retry_backoff_ms],
      [10, 20, 300_000]);
    assert.deepEqual(config.agent.max_concurrent_agents_by_state, {});
    assert.equal(config.codex.command, 'codex app-server');
    assert.deepEqual([config.codex.turn_timeout_ms, config.codex.read_timeout_ms, config.codex.stall_timeout_ms], [3_600_000, 5_000, 300_000]);
  });

  test('workspace.root defaults to symphony_workspaces in the system temp folder', () => {
    assert.equal(parse(workflowText({})).config.workspace.root, nodePath.join('/tmp-test', 'symphony_workspaces'));
  });

  test('a section whose keys are all commented out means that section’s defaults', () => {
    const { config } = parse(workflowText('hooks:\n  # after_create: echo hi\nagent:\n'));
    assert.equal(config.hooks.timeout_ms, 60_000);
    assert.equal(config.agent.max_turns, 20);
  });

  test('per-state concurrency keys are normalized and invalid caps are ignored', () => {
    const { config } = parse(workflowText({ agent: { max_concurrent_agents_by_state: { ' In Progress ': 2, Todo: 0, Review: 'x', QA: 1.5 } } }));
    assert.deepEqual(config.agent.max_concurrent_agents_by_state, { 'in progress': 2 });
  });
});

describe('parseWorkflow: path resolution', () => {
  const folder = nodePath.dirname(WORKFLOW_PATH);

  test('a relative workspace.root resolves against the WORKFLOW.md folder', () => {
    assert.equal(parse(workflowText({ workspace: { root: '../workspaces' } })).config.workspace.root, nodePath.resolve(folder, '../workspaces'));
  });

  test('~ expands to the home folder', () => {
    assert.equal(parse(workflowText({ workspace: { root: '~/symphony' } })).config.workspace.root, nodePath.resolve('/home/tester/symphony'));
    assert.equal(parse(workflowText({ workspace: { root: '~' } })).config.workspace.root, nodePath.resolve('/home/tester'));
  });

  test('a value that is exactly $NAME or ${NAME} is taken from the environment', () => {
    const env = { WORKSPACES: '~/from-env', ISSUES: 'data/issues.yaml' };
    const { config } = parse(workflowText({ workspace: { root: '$WORKSPACES' }, tracker: { path: '${ISSUES}' } }), env);
    assert.equal(config.workspace.root, nodePath.resolve('/home/tester/from-env'));
    assert.equal(config.tracker.path, nodePath.resolve(folder, 'data/issues.yaml'));
  });

  test('$NAME inside a longer value is left alone', () => {
    const { config } = parse(workflowText({ workspace: { root: '/srv/$USER/work' } }), { USER: 'someone' });
    assert.equal(config.workspace.root, nodePath.resolve('/srv/$USER/work'));
  });

  test('a $NAME that is unset or empty is a parse error naming the key, the variable and the line', () => {
    const error = parseFailure(workflowText('workspace:\n  root: $MISSING_ROOT\n'), { MISSING_ROOT: ' ' });
    assert.equal(error.code, 'workflow_parse_error');
    assert.equal(error.line, 3);
    assert.match(error.message, /workspace\.root is \$MISSING_ROOT .*MISSING_ROOT is not set/);
  });

  test('tracker.path defaults to issues.yaml beside WORKFLOW.md', () => {
    assert.equal(parse(workflowText({})).config.tracker.path, nodePath.join(folder, 'issues.yaml'));
  });

  test('absolute paths are kept', () => {
    assert.equal(parse(workflowText({ tracker: { path: '/data/issues.yaml' } })).config.tracker.path, nodePath.resolve('/data/issues.yaml'));
  });

  test('codex.command stays the raw shell string', () => {
    const command = '$CODEX_BIN app-server --config ~/x';
    assert.equal(parse(workflowText({ codex: { command } }), { CODEX_BIN: '/bin/codex' }).config.codex.command, command);
  });
});

describe('parseWorkflow: typed errors', () => {
  test('invalid YAML is workflow_parse_error with the file line', () => {
    const error = parseFailure('---\npolling:\n  interval_ms: [1\nagent: {}\n---\nBody');
    assert.equal(error.code, 'workflow_parse_error');
    assert.equal(typeof error.line, 'number');
    assert.ok(error.line !== null && error.line >= 3, `line ${error.line}`);
    assert.match(error.message, /YAML front matter is invalid/);
  });

  test('duplicate keys are a YAML error', () => {
    assert.equal(parseFailure('---\npolling: {}\npolling: {}\n---\n').code, 'workflow_parse_error');
  });

  test('front matter that is never closed is a parse error on line 1', () => {
    const error = parseFailure('---\npolling:\n  interval_ms: 5\nBody without a closing fence');
    assert.equal(error.code, 'workflow_parse_error');
    assert.equal(error.line, 1);
  });

  test('front matter that is a list is workflow_front_matter_not_a_map', () => {
    const error = parseFailure('---\n- tracker\n- polling\n---\nBody');
    assert.equal(error.code, 'workflow_front_matter_not_a_map');
    assert.equal(error.line, 2);
  });

  test('front matter that is a single value is workflow_front_matter_not_a_map', () => {
    assert.equal(parseFailure('---\njust text\n---\nBody').code, 'workflow_front_matter_not_a_map');
  });

  test('a schema violation names the key, what was expected, what was found and the line', () => {
    const error = parseFailure('---\npolling:\n  interval_ms: 1000\nagent:\n  max_turns: -1\n---\n');
    assert.equal(error.code, 'workflow_parse_error');
    assert.equal(error.line, 5);
    assert.match(error.message, /agent\.max_turns must be a positive integer, got -1 \(line 5\)/);
  });

  test('every schema violation is listed, with enum choices and type names', () => {
    const error = parseFailure(workflowText({ tracker: { kind: 'jira', active_states: 'Todo' }, codex: { command: '' } }));
    assert.match(error.message, /tracker\.kind must be one of "local", "linear", got "jira"/);
    assert.match(error.message, /tracker\.active_states must be a list, got "Todo"/);
    assert.match(error.message, /codex\.command must not be empty/);
  });

  test('a non-integer where an integer is required is reported as such', () => {
    assert.match(parseFailure(workflowText({ codex: { stall_timeout_ms: 1.5 } })).message, /codex\.stall_timeout_ms must be an integer, got 1\.5/);
  });
});

describe('loadWorkflow', () => {
  test('reads and parses the file, resolving paths against its folder', async (t) => {
    const folder = await tempFolder(t);
    const path = nodePath.join(folder, 'WORKFLOW.md');
    await writeFile(path, workflowText({ workspace: { root: 'ws' } }, 'Hello'));
    const definition = await loadWorkflow(path);
    assert.equal(definition.config.workspace.root, nodePath.join(folder, 'ws'));
    assert.equal(definition.promptTemplate, 'Hello');
  });

  test('a file that cannot be read is missing_workflow_file, naming the path and saying to create it', async (t) => {
    const path = nodePath.join(await tempFolder(t), 'WORKFLOW.md');
    await assert.rejects(loadWorkflow(path), (error: unknown) => {
      assert.ok(error instanceof WorkflowError);
      assert.equal(error.code, 'missing_workflow_file');
      assert.equal(error.line, null);
      assert.ok(error.message.includes(path));
      assert.match(error.message, /Create a WORKFLOW\.md/);
      return true;
    });
  });
});
