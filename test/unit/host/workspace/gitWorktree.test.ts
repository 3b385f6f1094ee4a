import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TestContext } from 'node:test';
import { WorkspaceManager } from '../../../../host/workspace/workspaceManager.ts';
import { defaultBranchName } from '../../../../host/workspace/gitWorktree.ts';
import { settings, tempDir } from './workspaceFixture.ts';

const gitEnv: NodeJS.ProcessEnv = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };
delete gitEnv.GIT_DIR;
delete gitEnv.GIT_WORK_TREE;
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, env: gitEnv, encoding: 'utf8' }).trim();

/** A repository with one commit on `main` and a README. */
function aRepository(t: TestContext): string {
  const repo = tempDir(t, 'repo-');
  git(repo, 'init', '-q', '-b', 'main');
  writeFileSync(join(repo, 'README.md'), 'hello\n');
  git(repo, 'add', 'README.md');
  git(repo, 'commit', '-q', '-m', 'first');
  return repo;
}

const worktreeSettings = (root: string, repository: string, hooks = {}) => settings(root, hooks, { strategy: 'git_worktree', repository, baseRef: 'main' });

describe('git worktree workspaces', () => {
  it('adds a worktree on the issue branch from base_ref, runs after_create in it, and reuses it', async (t) => {
    const repo = aRepository(t);
    const root = tempDir(t);
    const manager = new WorkspaceManager();
    const config = worktreeSettings(root, repo, { after_create: 'git branch --show-current > branch.txt' });
    const workspace = await manager.ensure({ identifier: 'ENG-7', branchName: 'feature/eng-7-greeting' }, config);
    assert.equal(workspace.path, join(root, 'ENG-7'));
    assert.equal(readFileSync(join(workspace.path, 'README.md'), 'utf8'), 'hello\n');
    assert.equal(readFileSync(join(workspace.path, 'branch.txt'), 'utf8'), 'feature/eng-7-greeting\n');
    assert.match(git(repo, 'worktree', 'list'), new RegExp(`${workspace.path} .*\\[feature/eng-7-greeting\\]`));
    const again = await manager.ensure({ identifier: 'ENG-7', branchName: 'feature/eng-7-greeting' }, config);
    assert.equal(again.createdNow, false);
  });

  it('names the branch after the identifier when the issue has none', async (t) => {
    const repo = aRepository(t);
    const workspace = await new WorkspaceManager().ensure({ identifier: 'ENG 8/Ü', branchName: null }, worktreeSettings(tempDir(t), repo));
    assert.equal(git(workspace.path, 'branch', '--show-current'), defaultBranchName('ENG 8/Ü'));
    assert.match(defaultBranchName('ENG 8/Ü'), /^opensymphony\/ENG_8__-[0-9a-f]{16}$/);
    assert.notEqual(defaultBranchName('ENG 8/Ü'), defaultBranchName('ENG 8/Ö'), 'identifiers that sanitize alike get distinct branches');
    assert.equal(defaultBranchName('ENG-12'), 'opensymphony/ENG-12');
    assert.match(defaultBranchName('a..b.lock'), /^opensymphony\/a\.b-[0-9a-f]{16}$/);
  });

  it('removes the worktree with git on cleanup (before_remove first) and keeps the branch', async (t) => {
    const repo = aRepository(t);
    const root = tempDir(t);
    const log = join(tempDir(t), 'removed.log');
    const manager = new WorkspaceManager();
    const config = worktreeSettings(root, repo, { before_remove: `git status --porcelain > ${log}` });
    const workspace = await manager.ensure({ identifier: 'ENG-9', branchName: null }, config);
    writeFileSync(join(workspace.path, 'scratch.txt'), 'uncommitted');
    assert.equal(await manager.remove('ENG-9', config), workspace.path);
    assert.ok(!existsSync(workspace.path));
    assert.doesNotMatch(git(repo, 'worktree', 'list'), /ENG-9/);
    assert.match(readFileSync(log, 'utf8'), /scratch\.txt/, 'before_remove ran inside the worktree');
    assert.equal(git(repo, 'branch', '--list', 'opensymphony/ENG-9'), 'opensymphony/ENG-9');
    const recreated = await manager.ensure({ identifier: 'ENG-9', branchName: null }, config);
    assert.equal(git(recreated.path, 'branch', '--show-current'), 'opensymphony/ENG-9', 'a new worktree checks the kept branch out');
  });

  it('surfaces a repository that is not one, and a branch name git refuses, as typed errors', async (t) => {
    const notARepo = tempDir(t);
    const manager = new WorkspaceManager();
    await assert.rejects(manager.ensure({ identifier: 'ENG-10', branchName: null }, worktreeSettings(tempDir(t), notARepo)),
      (error: { code?: string; message: string }) => error.code === 'workspace_population_failed' && /not a git repository/.test(error.message));
    await assert.rejects(manager.ensure({ identifier: 'ENG-11', branchName: 'bad..name' }, worktreeSettings(tempDir(t), aRepository(t))),
      (error: { code?: string }) => error.code === 'invalid_branch_name');
  });
});
