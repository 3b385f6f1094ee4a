import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { CodedError } from '../base/errors.ts';
import { workspaceKey } from './workspaceKey.ts';

/** Git's own limit on a command; worktree operations are local and quick. */
const GIT_TIMEOUT_MS = 120_000;

/** Variables that would point git at another repository than the one we name. */
const GIT_CONTEXT_VARIABLES = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_COMMON_DIR', 'GIT_PREFIX'];

interface GitResult { code: number; stdout: string; stderr: string }

function git(args: string[], cwd: string): Promise<GitResult> {
  const env = { ...process.env };
  for (const name of GIT_CONTEXT_VARIABLES) delete env[name];
  return new Promise((resolve) => {
    execFile('git', args, { cwd, env, timeout: GIT_TIMEOUT_MS, maxBuffer: 4 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout: String(stdout), stderr: String(stderr || (error && typeof error.code !== 'number' ? error.message : '')) });
    });
  });
}

function populationError(what: string, result: GitResult): CodedError {
  return new CodedError('workspace_population_failed', `${what} failed: ${result.stderr.trim() || `git exited with ${result.code}`}`);
}

/**
 * A branch name for an issue without one: `opensymphony/<workspace key>`. The key is already
 * collision-resistant (a hash marks any identifier that had to be changed); dots that git refuses
 * in a ref (`..`, a leading dot, a trailing `.lock`) are dropped, with the hash added if that
 * changed the key.
 */
export function defaultBranchName(identifier: string): string {
  const key = workspaceKey(identifier);
  const slug = key.replace(/\.{2,}/g, '.').replace(/^\.+/, '').replace(/(\.lock|\.)+$/, '');
  if (slug === key) return `opensymphony/${slug}`;
  const hash = createHash('sha256').update(identifier).digest('hex').slice(0, 16);
  return `opensymphony/${slug || 'issue'}-${hash}`;
}

/** Throws `invalid_branch_name` unless git accepts `branch` as a branch name. */
export async function assertBranchName(branch: string, repository: string): Promise<void> {
  const result = await git(['check-ref-format', '--branch', branch], repository);
  if (result.code !== 0) throw new CodedError('invalid_branch_name', `"${branch}" is not a valid git branch name; fix the issue's branch name`);
}

/**
 * `git worktree add -b <branch> <path> <baseRef>` in `repository`; when the branch already exists
 * (an earlier workspace of the issue was removed) the worktree checks it out instead.
 */
export async function addWorktree(options: { repository: string; path: string; branch: string; baseRef: string }): Promise<void> {
  const { repository, path, branch, baseRef } = options;
  const probe = await git(['rev-parse', '--git-dir'], repository);
  if (probe.code !== 0) throw populationError(`workspace.repository ${repository} is not a git repository; git rev-parse`, probe);
  await assertBranchName(branch, repository);
  const exists = (await git(['rev-parse', '--verify', '--quiet', `refs/heads/${branch}`], repository)).code === 0;
  const args = exists ? ['worktree', 'add', path, branch] : ['worktree', 'add', '-b', branch, path, baseRef];
  const result = await git(args, repository);
  if (result.code !== 0) throw populationError(`git ${args.join(' ')}`, result);
}

/** `git worktree remove --force <path>`; returns false (with git's reason) when git refuses. */
export async function removeWorktree(repository: string, path: string): Promise<{ removed: boolean; reason: string }> {
  const result = await git(['worktree', 'remove', '--force', path], repository);
  if (result.code === 0) return { removed: true, reason: '' };
  return { removed: false, reason: result.stderr.trim() || `git exited with ${result.code}` };
}

/** Drops git's records of worktrees whose folders are gone. */
export async function pruneWorktrees(repository: string): Promise<void> {
  await git(['worktree', 'prune'], repository);
}
