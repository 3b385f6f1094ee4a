import { describe, it, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { WorkspaceManager } from '../../../../host/workspace/workspaceManager.ts';
import { workspaceKey } from '../../../../host/workspace/workspaceKey.ts';
import type { WorkspaceHooks, WorkspaceSettings } from '../../../../host/workspace/workspaceSettings.ts';
import { OrchestratorEventTypes } from '../../../../host/orchestrator/orchestratorJournal.ts';
import { anIssue } from '../../../fakes/issueBuilder.ts';
import { completed } from '../../../fakes/scriptedHarness.ts';
import { OrchestratorFixture, ofIssue } from '../orchestrator/orchestratorFixture.ts';
import { tempDir } from './conformanceSupport.ts';

const noHooks: WorkspaceHooks = { after_create: null, before_run: null, after_run: null, before_remove: null, timeout_ms: 5_000 };
const settings = (root: string, hooks: Partial<WorkspaceHooks> = {}): WorkspaceSettings => ({ root, strategy: 'directory', repository: root, baseRef: 'HEAD', hooks: { ...noHooks, ...hooks } });
const subject = (identifier: string) => ({ identifier, branchName: null });
const codeOf = (code: string) => (error: { code?: string }) => error.code === code;

describe('Symphony §17.2 workspace manager and safety', () => {
  const manager = new WorkspaceManager();
  let fixture: OrchestratorFixture | undefined;
  afterEach(async () => { await fixture?.dispose(); fixture = undefined; });

  it('17.2.1 the same identifier always gives the same path', async (t) => {
    const root = tempDir(t);
    const first = await manager.ensure(subject('ENG-1'), settings(root));
    const second = await manager.ensure(subject('ENG-1'), settings(root));
    assert.equal(first.path, second.path);
    assert.equal(first.path, join(root, 'ENG-1'));
  });

  it('17.2.2 a missing directory is created (the root too)', async (t) => {
    const root = join(tempDir(t), 'not', 'yet');
    const workspace = await manager.ensure(subject('ENG-2'), settings(root));
    assert.equal(workspace.createdNow, true);
    assert.ok(existsSync(workspace.path));
  });

  it('17.2.3 an existing directory is reused as it is', async (t) => {
    const root = tempDir(t);
    mkdirSync(join(root, 'ENG-3'));
    writeFileSync(join(root, 'ENG-3', 'work.txt'), 'progress');
    const workspace = await manager.ensure(subject('ENG-3'), settings(root));
    assert.equal(workspace.createdNow, false);
    assert.equal(readFileSync(join(workspace.path, 'work.txt'), 'utf8'), 'progress');
  });

  it('17.2.4 a non-directory at the path fails the attempt (documented choice) and is left untouched', async (t) => {
    const root = tempDir(t);
    writeFileSync(join(root, 'ENG-4'), 'a file');
    await assert.rejects(manager.ensure(subject('ENG-4'), settings(root)), codeOf('invalid_workspace_cwd'));
    assert.equal(readFileSync(join(root, 'ENG-4'), 'utf8'), 'a file');
  });

  it('17.2.5 population errors are surfaced, and the half-made folder is removed', async (t) => {
    const root = tempDir(t);
    await assert.rejects(manager.ensure(subject('ENG-5'), settings(root, { after_create: 'echo "clone failed" >&2; exit 128' })),
      (error: { code?: string; message: string }) => error.code === 'hook_failed' && /clone failed/.test(error.message));
    assert.ok(!existsSync(join(root, 'ENG-5')));
  });

  it('17.2.6 after_create runs only when the directory is newly created', async (t) => {
    const root = tempDir(t);
    const counter = join(root, 'count');
    const hooks = { after_create: `echo x >> ${counter}` };
    await manager.ensure(subject('ENG-6'), settings(join(root, 'ws'), hooks));
    await manager.ensure(subject('ENG-6'), settings(join(root, 'ws'), hooks));
    assert.equal(readFileSync(counter, 'utf8'), 'x\n');
  });

  it('17.2.7 before_run runs before each attempt, and its failure or timeout aborts the attempt', async () => {
    fixture = new OrchestratorFixture({ issues: [anIssue({ identifier: 'ENG-7' })], script: async () => completed, frontMatter: { hooks: { before_run: 'echo run >> ../before_run.log', timeout_ms: 5_000 }, agent: { max_turns: 1 } } });
    await fixture.orchestrator.tick();
    await fixture.runEvent(OrchestratorEventTypes.runRetrying, ofIssue('ENG-7'));
    await fixture.advance(1_000);
    await fixture.runEvent(OrchestratorEventTypes.runRetrying, (run) => run.attempt === 1);
    assert.equal(readFileSync(join(fixture.workspaceRoot, 'before_run.log'), 'utf8'), 'run\nrun\n', 'once per attempt');
    fixture.reconfigure({ hooks: { before_run: 'exit 3' } });
    await fixture.advance(1_000);
    const failed = await fixture.runEvent(OrchestratorEventTypes.runRetrying, (run) => run.error !== null);
    assert.match(failed.error!, /^hook_failed: before_run hook exited with 3/);
    assert.equal(fixture.harness.sessionsStarted, 2, 'no agent session for the aborted attempt');
    assert.equal(failed.retry?.attempt, 2);
    fixture.reconfigure({ hooks: { before_run: 'sleep 5', timeout_ms: 100 } });
    await fixture.advance(20_000);
    const timedOut = await fixture.runEvent(OrchestratorEventTypes.runRetrying, (run) => run.error?.startsWith('hook_timeout') ?? false);
    assert.match(timedOut.error!, /timed out after 100 ms/);
  });

  it('17.2.8 after_run runs after each attempt; its failure or timeout is logged and ignored', async () => {
    fixture = new OrchestratorFixture({ issues: [anIssue({ identifier: 'ENG-8', state: 'Backlog' })], script: async () => completed, frontMatter: { hooks: { after_run: 'exit 9' } } });
    await fixture.orchestrator.dispatch('ENG-8', null);
    const ended = await fixture.runEvent(OrchestratorEventTypes.runRetrying, ofIssue('ENG-8'));
    assert.equal(ended.error, null, 'the attempt still counts as a clean exit');
    assert.deepEqual(fixture.hooks.map(({ hook, result }) => [hook, result.outcome]), [['after_run', 'failed']]);
  });

  it('17.2.9 before_remove runs on cleanup; its failure or timeout is ignored and the folder is removed', async (t) => {
    const root = tempDir(t);
    const failing = settings(root, { before_remove: 'exit 1' });
    const workspace = await manager.ensure(subject('ENG-9'), failing);
    assert.equal(await manager.remove('ENG-9', failing), workspace.path);
    assert.ok(!existsSync(workspace.path));
    const slow = settings(root, { before_remove: 'sleep 5', timeout_ms: 100 });
    const again = await manager.ensure(subject('ENG-9'), slow);
    assert.equal(await manager.remove('ENG-9', slow), again.path);
    assert.ok(!existsSync(again.path));
  });

  it('17.2.10 sanitization, collision resistance and root containment hold before the agent launches', async () => {
    fixture = new OrchestratorFixture({ issues: [anIssue({ id: 'esc', identifier: '../../etc' }), anIssue({ id: 'slash', identifier: 'a/b' })], script: async () => completed, frontMatter: { agent: { max_turns: 1 } } });
    await fixture.orchestrator.tick();
    await fixture.harness.waitForTurns(2);
    const paths = fixture.harness.sessions.map((session) => session.workspacePath).sort();
    assert.deepEqual(paths, [join(fixture.workspaceRoot, workspaceKey('../../etc')), join(fixture.workspaceRoot, workspaceKey('a/b'))].sort());
    for (const path of paths) assert.equal(join(path, '..'), fixture.workspaceRoot, 'one level under the root');
  });

  it('17.2.11 identifiers that sanitizing leaves unchanged keep their key; distinct ones that sanitize alike get distinct keys', () => {
    assert.equal(workspaceKey('ENG-11'), 'ENG-11');
    assert.equal(workspaceKey('release_1.2-rc'), 'release_1.2-rc');
    const alike = ['A/B', 'A B', 'A:B', 'A_B'].map(workspaceKey);
    assert.equal(new Set(alike).size, 4);
  });

  it('17.2.12 the agent launches with cwd = the workspace, and a workspace outside the root is rejected', async () => {
    fixture = new OrchestratorFixture({
      issues: [anIssue({ identifier: 'ENG-12', state: 'Backlog' }), anIssue({ identifier: 'ENG-13', state: 'Backlog' })],
      script: async () => completed,
      frontMatter: { hooks: { before_run: 'if [ "$(basename "$PWD")" = ENG-13 ]; then rm -rf "$PWD" && ln -s /tmp "$PWD"; fi' } },
    });
    await fixture.orchestrator.dispatch('ENG-12', null);
    const ran = await fixture.runEvent(OrchestratorEventTypes.runRetrying, ofIssue('ENG-12'));
    assert.equal(fixture.harness.sessions[0]?.workspacePath, ran.workspace_path);
    assert.equal(ran.workspace_path, join(fixture.workspaceRoot, 'ENG-12'));
    await fixture.orchestrator.dispatch('ENG-13', null);
    const rejected = await fixture.runEvent(OrchestratorEventTypes.runRetrying, ofIssue('ENG-13'));
    assert.match(rejected.error!, /^invalid_workspace_cwd/);
    assert.equal(fixture.harness.sessionsStarted, 1, 'no agent for the escaped workspace');
  });
});
