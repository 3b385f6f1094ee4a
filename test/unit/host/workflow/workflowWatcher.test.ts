import assert from 'node:assert/strict';
import { rename, rm, writeFile } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { describe, test } from 'node:test';
import type { TestContext } from 'node:test';
import { WorkflowWatcher } from '../../../../host/workflow/workflowWatcher.ts';
import { nextEvent, tempFolder } from './testSupport.ts';
import { pathEnvironment, workflowText } from './workflowBuilder.ts';

async function watchedWorkflow(t: TestContext, initialText: string | null) {
  const path = nodePath.join(await tempFolder(t), 'WORKFLOW.md');
  if (initialText !== null) await writeFile(path, initialText);
  const watcher = new WorkflowWatcher({ path, debounceMs: 20, environment: pathEnvironment() });
  t.after(() => watcher.dispose());
  return { path, watcher };
}

const withMaxTurns = (maxTurns: number) => workflowText({ agent: { max_turns: maxTurns } }, `Prompt ${maxTurns}`);

describe('WorkflowWatcher', () => {
  test('start loads the file, exposes it as current and fires onDidChange', async (t) => {
    const { watcher } = await watchedWorkflow(t, withMaxTurns(3));
    const changed = nextEvent(watcher.onDidChange, { what: 'the initial load' });
    const definition = await watcher.start();
    assert.equal(definition?.config.agent.max_turns, 3);
    assert.equal((await changed).config.agent.max_turns, 3);
    assert.equal(watcher.current, definition);
    assert.equal(watcher.lastError, undefined);
  });

  test('an edited file is re-loaded and announced', async (t) => {
    const { path, watcher } = await watchedWorkflow(t, withMaxTurns(3));
    await watcher.start();
    const changed = nextEvent(watcher.onDidChange, { what: 'the reload', matches: (d) => d.config.agent.max_turns === 7 });
    await writeFile(path, withMaxTurns(7));
    const definition = await changed;
    assert.equal(definition.promptTemplate, 'Prompt 7');
    assert.equal(watcher.current, definition);
  });

  test('a file replaced by rename, as many editors save, is re-loaded', async (t) => {
    const { path, watcher } = await watchedWorkflow(t, withMaxTurns(3));
    await watcher.start();
    const changed = nextEvent(watcher.onDidChange, { what: 'the reload', matches: (d) => d.config.agent.max_turns === 9 });
    const temporary = `${path}.tmp`;
    await writeFile(temporary, withMaxTurns(9));
    await rename(temporary, path);
    assert.equal((await changed).config.agent.max_turns, 9);
  });

  test('an invalid edit keeps the last good definition and reports the error; fixing it recovers', async (t) => {
    const { path, watcher } = await watchedWorkflow(t, withMaxTurns(3));
    const good = await watcher.start();
    const failed = nextEvent(watcher.onDidFail, { what: 'the failed reload' });
    await writeFile(path, '---\nagent:\n  max_turns: -1\n---\nPrompt');
    const error = await failed;
    assert.equal(error.code, 'workflow_parse_error');
    assert.equal(error.line, 3);
    assert.equal(watcher.current, good);
    assert.equal(watcher.lastError, error);

    const recovered = nextEvent(watcher.onDidChange, { what: 'the recovery', matches: (d) => d.config.agent.max_turns === 4 });
    await writeFile(path, withMaxTurns(4));
    await recovered;
    assert.equal(watcher.lastError, undefined);
  });

  test('a file deleted later is a missing_workflow_file error, not a crash', async (t) => {
    const { path, watcher } = await watchedWorkflow(t, withMaxTurns(3));
    const good = await watcher.start();
    const failed = nextEvent(watcher.onDidFail, { what: 'the missing file report' });
    await rm(path);
    assert.equal((await failed).code, 'missing_workflow_file');
    assert.equal(watcher.current, good);
  });

  test('a missing file at start is reported; creating it later loads it', async (t) => {
    const { path, watcher } = await watchedWorkflow(t, null);
    const failed = nextEvent(watcher.onDidFail, { what: 'the start failure' });
    assert.equal(await watcher.start(), undefined);
    assert.equal((await failed).code, 'missing_workflow_file');
    assert.equal(watcher.current, undefined);

    const loaded = nextEvent(watcher.onDidChange, { what: 'the created file' });
    await writeFile(path, withMaxTurns(5));
    assert.equal((await loaded).config.agent.max_turns, 5);
  });

  test('reload re-reads on demand, for a change a watch event missed', async (t) => {
    const { path, watcher } = await watchedWorkflow(t, withMaxTurns(3));
    await watcher.start();
    await writeFile(path, withMaxTurns(6));
    assert.equal((await watcher.reload())?.config.agent.max_turns, 6);
  });
});
