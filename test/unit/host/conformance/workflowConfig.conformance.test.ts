import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadWorkflow, parseWorkflow } from '../../../../host/workflow/workflowLoader.ts';
import { WorkflowWatcher } from '../../../../host/workflow/workflowWatcher.ts';
import { PromptRenderer } from '../../../../host/workflow/promptRenderer.ts';
import type { WorkflowDefinition } from '../../../../host/workflow/workflowConfig.ts';
import type { WorkflowError } from '../../../../host/workflow/workflowErrors.ts';
import { anIssue } from '../../../fakes/issueBuilder.ts';
import { runCli, tempDir } from './conformanceSupport.ts';

const environment = (env: Record<string, string> = {}) => ({ env, homedir: '/home/tester', tmpdir: '/tmp-test' });
const parse = (text: string, env: Record<string, string> = {}) => parseWorkflow(text, '/repo/WORKFLOW.md', environment(env));
const codeOf = (code: string) => (error: { code?: string }) => error.code === code;

/** The next value an event fires, or a rejection after 5 s. */
function next<T>(subscribe: (listener: (value: T) => void) => { dispose(): void }): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { subscription.dispose(); reject(new Error('no event within 5 s')); }, 5_000);
    const subscription = subscribe((value) => { clearTimeout(timer); subscription.dispose(); resolve(value); });
  });
}

describe('Symphony §17.1 workflow and config parsing', () => {
  it('17.1.1 an explicit workflow path is used when given; otherwise ./WORKFLOW.md in the cwd', async (t) => {
    const dir = tempDir(t);
    writeFileSync(join(dir, 'WORKFLOW.md'), '---\nagent:\n  max_turns: 3\n---\ncwd prompt');
    writeFileSync(join(dir, 'other.md'), '---\nagent:\n  max_turns: 7\n---\nexplicit prompt');
    const explicit = await loadWorkflow(join(dir, 'other.md'));
    assert.equal(explicit.config.agent.max_turns, 7);
    const defaulted = await runCli(['validate'], { cwd: dir });
    assert.equal(defaulted.code, 0, defaulted.stderr);
    assert.equal(JSON.parse(defaulted.stdout).prompt_template, 'cwd prompt');
  });

  it('17.1.2 a change to the file is detected and re-applied without a restart', async (t) => {
    const path = join(tempDir(t), 'WORKFLOW.md');
    writeFileSync(path, '---\npolling:\n  interval_ms: 1000\n---\nfirst');
    const watcher = new WorkflowWatcher({ path, debounceMs: 20 });
    t.after(() => watcher.dispose());
    await watcher.start();
    const reloaded = next<WorkflowDefinition>(watcher.onDidChange);
    writeFileSync(path, '---\npolling:\n  interval_ms: 2000\n---\nsecond');
    const definition = await reloaded;
    assert.equal(definition.config.polling.interval_ms, 2000);
    assert.equal(watcher.current?.promptTemplate, 'second');
  });

  it('17.1.3 an invalid reload keeps the last known-good config and emits an operator-visible error', async (t) => {
    const path = join(tempDir(t), 'WORKFLOW.md');
    writeFileSync(path, '---\nagent:\n  max_turns: 4\n---\ngood');
    const watcher = new WorkflowWatcher({ path, debounceMs: 20 });
    t.after(() => watcher.dispose());
    await watcher.start();
    const failed = next<WorkflowError>(watcher.onDidFail);
    writeFileSync(path, '---\nagent:\n  max_turns: -1\n---\nbad');
    const error = await failed;
    assert.equal(error.code, 'workflow_parse_error');
    assert.match(error.message, /agent\.max_turns/);
    assert.equal(watcher.current?.config.agent.max_turns, 4);
    assert.equal(watcher.lastError?.code, 'workflow_parse_error');
  });

  it('17.1.4 a missing WORKFLOW.md is the typed error missing_workflow_file', async (t) => {
    await assert.rejects(loadWorkflow(join(tempDir(t), 'WORKFLOW.md')), codeOf('missing_workflow_file'));
  });

  it('17.1.5 invalid YAML front matter is the typed error workflow_parse_error', () => {
    assert.throws(() => parse('---\ntracker: [unclosed\n---\nbody'), codeOf('workflow_parse_error'));
  });

  it('17.1.6 front matter that is not a map is the typed error workflow_front_matter_not_a_map', () => {
    assert.throws(() => parse('---\n- a\n- b\n---\nbody'), codeOf('workflow_front_matter_not_a_map'));
  });

  it('17.1.7 defaults apply when optional values are missing', () => {
    const { config, promptTemplate } = parse('---\n---\n  Work.  ');
    assert.equal(promptTemplate, 'Work.');
    assert.equal(config.polling.interval_ms, 30_000);
    assert.equal(config.workspace.root, '/tmp-test/symphony_workspaces');
    assert.equal(config.hooks.timeout_ms, 60_000);
    assert.deepEqual([config.agent.max_concurrent_agents, config.agent.max_turns, config.agent.max_retry_backoff_ms], [10, 20, 300_000]);
    assert.deepEqual(config.tracker.active_states, ['Todo', 'In Progress']);
    assert.deepEqual(config.tracker.terminal_states, ['Closed', 'Cancelled', 'Canceled', 'Duplicate', 'Done']);
    assert.equal(config.codex.command, 'codex app-server');
    assert.deepEqual([config.codex.turn_timeout_ms, config.codex.read_timeout_ms, config.codex.stall_timeout_ms], [3_600_000, 5_000, 300_000]);
  });

  it('17.1.8 tracker.kind must name a supported adapter', () => {
    assert.throws(() => parse('---\ntracker:\n  kind: jira\n---\nbody'), (error: WorkflowError) => error.code === 'workflow_parse_error' && /tracker\.kind/.test(error.message));
    assert.equal(parse('---\ntracker:\n  kind: linear\n  project_slug: abc\n---\nbody').config.tracker.kind, 'linear');
  });

  it('17.1.9 the tracker API key works, given literally or as $VAR (Linear profile)', () => {
    const literal = parse('---\ntracker:\n  kind: linear\n  api_key: lin_literal\n  project_slug: abc\n---\nbody');
    assert.equal(literal.config.tracker.api_key, 'lin_literal');
    const fromVariable = parse('---\ntracker:\n  kind: linear\n  api_key: $MY_LINEAR_KEY\n  project_slug: abc\n---\nbody', { MY_LINEAR_KEY: 'lin_from_env' });
    assert.equal(fromVariable.config.tracker.api_key, 'lin_from_env');
  });

  it('17.1.10 $VAR resolves for the adapter secret and for path values', () => {
    const { config } = parse('---\ntracker:\n  kind: linear\n  project_slug: abc\nworkspace:\n  root: $WS_ROOT\n---\nbody', { WS_ROOT: '/srv/workspaces', LINEAR_API_KEY: 'lin_default' });
    assert.equal(config.workspace.root, '/srv/workspaces');
    assert.equal(config.tracker.api_key, 'lin_default', 'an omitted key is $LINEAR_API_KEY');
    assert.throws(() => parse('---\nworkspace:\n  root: $UNSET_ROOT\n---\nbody'), (error: WorkflowError) => /UNSET_ROOT/.test(error.message));
  });

  it('17.1.11 ~ expands to the home folder in path values', () => {
    assert.equal(parse('---\nworkspace:\n  root: ~/symphony\n---\nbody').config.workspace.root, '/home/tester/symphony');
  });

  it('17.1.12 codex.command is kept as the shell command string, $VAR and all', () => {
    const command = 'FOO=1 codex app-server --config "model=$MODEL" | tee log';
    assert.equal(parse(`---\ncodex:\n  command: '${command}'\n---\nbody`, { MODEL: 'x' }).config.codex.command, command);
  });

  it('17.1.13 the per-state concurrency map normalizes state names and ignores invalid values', () => {
    const { config } = parse('---\nagent:\n  max_concurrent_agents_by_state:\n    " In Progress ": 2\n    Todo: 0\n    Review: -1\n    QA: two\n    Done: 1.5\n---\nbody');
    assert.deepEqual(config.agent.max_concurrent_agents_by_state, { 'in progress': 2 });
  });

  it('17.1.14 the prompt renders issue fields and attempt', async () => {
    const renderer = new PromptRenderer();
    const issue = anIssue({ identifier: 'ENG-1', title: 'Fix it', labels: ['bug', 'ui'] });
    const template = '{{ issue.identifier }}: {{ issue.title }} [{% for l in issue.labels %}{{ l }} {% endfor %}] attempt={{ attempt }}';
    assert.equal(await renderer.render(template, { issue, attempt: 2 }), 'ENG-1: Fix it [bug ui ] attempt=2');
    assert.equal(await renderer.render('first={{ attempt }}', { issue, attempt: null }), 'first=');
  });

  it('17.1.15 rendering fails on an unknown variable or filter (strict)', async () => {
    const renderer = new PromptRenderer();
    const issue = anIssue({ identifier: 'ENG-1' });
    await assert.rejects(renderer.render('{{ issue.nope }}', { issue, attempt: null }), codeOf('template_render_error'));
    await assert.rejects(renderer.render('{{ issue.title | shout }}', { issue, attempt: null }), codeOf('template_render_error'));
  });
});
