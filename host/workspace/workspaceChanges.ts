import { spawn } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import type { FileChangeStatus, RunFileChange } from '../protocol/index.ts';

/** Git's empty tree: the base of a repository without commits. */
const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';
/** Variables that would point git at another repository than the one we name. */
const GIT_CONTEXT_VARIABLES = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_COMMON_DIR', 'GIT_PREFIX'];
const GIT_TIMEOUT_MS = 30_000;
/** Listings are small; a diff is cut here (and marked truncated). */
const MAX_LISTING_BYTES = 8 * 1024 * 1024;
export const MAX_DIFF_BYTES = 1024 * 1024;

/** Where a git_worktree workspace branched from: the repository and the ref (WORKFLOW.md `workspace.base_ref`). */
export interface BaseRefHint {
  repository: string;
  ref: string;
}

/** A changed file; `untracked` files are new and not yet added to git. */
export interface GitFileChange extends RunFileChange {
  untracked: boolean;
}

/** What changed in a workspace since its base commit (committed, staged, unstaged and untracked). */
export interface GitChanges {
  /** The commit compared with. */
  baseRef: string;
  files: GitFileChange[];
}

/** The workspace's changes, or undefined when the workspace is not itself the top of a git work tree. */
export async function gitWorkspaceChanges(workspace: string, hint: BaseRefHint | null): Promise<GitChanges | undefined> {
  if (!(await isGitTop(workspace))) return undefined;
  const baseRef = await baseCommit(workspace, hint);
  const tracked = await git(['diff', '--name-status', '-z', '--no-renames', baseRef], workspace);
  const untracked = await git(['ls-files', '--others', '--exclude-standard', '-z'], workspace);
  if (tracked.code !== 0 || untracked.code !== 0) return undefined;
  const files = new Map<string, GitFileChange>();
  const tokens = tracked.stdout.split('\0');
  for (let index = 0; index + 1 < tokens.length; index += 2) {
    const path = tokens[index + 1] as string;
    files.set(path, { path, status: statusOf(tokens[index] as string), untracked: false });
  }
  for (const path of untracked.stdout.split('\0').filter(Boolean)) files.set(path, { path, status: 'added', untracked: true });
  return { baseRef, files: [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) };
}

/** The unified diff of one changed file against `baseRef` (untracked files against nothing). */
export async function gitFileDiff(workspace: string, baseRef: string, file: GitFileChange): Promise<{ diff: string; truncated: boolean }> {
  const args = file.untracked
    ? ['diff', '--no-color', '--no-index', '--', '/dev/null', file.path]
    : ['diff', '--no-color', '--no-renames', baseRef, '--', file.path];
  const result = await git(args, workspace, MAX_DIFF_BYTES);
  // `--no-index` exits 1 when the files differ, which is the point.
  if (result.code !== 0 && !(file.untracked && result.code === 1)) throw new Error(`git diff failed: ${result.stderr.trim() || `exit ${result.code}`}`);
  return { diff: result.stdout, truncated: result.truncated };
}

/** The checked-out branch of a workspace that is a git work tree; null when detached or not git. */
export async function gitBranch(workspace: string): Promise<string | null> {
  if (!(await isGitTop(workspace))) return null;
  const result = await git(['symbolic-ref', '--quiet', '--short', 'HEAD'], workspace);
  return result.code === 0 && result.stdout.trim() ? result.stdout.trim() : null;
}

/**
 * Only a workspace that is the top of its own work tree counts: a plain folder inside the user's
 * repository (workspaces under the WORKFLOW.md folder) must not report the whole repository's changes.
 */
async function isGitTop(workspace: string): Promise<boolean> {
  const result = await git(['rev-parse', '--show-toplevel'], workspace);
  if (result.code !== 0) return false;
  try {
    return (await realpath(result.stdout.trim())) === (await realpath(workspace));
  } catch {
    return false;
  }
}

/**
 * git_worktree workspaces: where the branch left the configured base (merge-base of the base ref,
 * resolved in the repository, and HEAD). Others: the fork point from the upstream branch, else
 * HEAD (uncommitted changes only), else the empty tree for a repository without commits.
 */
async function baseCommit(workspace: string, hint: BaseRefHint | null): Promise<string> {
  const start = hint ? await resolve(`${hint.ref}^{commit}`, hint.repository) : await resolve('@{upstream}', workspace);
  if (start) {
    const forkPoint = await git(['merge-base', start, 'HEAD'], workspace);
    if (forkPoint.code === 0 && forkPoint.stdout.trim()) return forkPoint.stdout.trim();
  }
  return (await resolve('HEAD', workspace)) ?? EMPTY_TREE;
}

async function resolve(ref: string, cwd: string): Promise<string | null> {
  const result = await git(['rev-parse', '--verify', '--quiet', ref], cwd);
  return result.code === 0 && result.stdout.trim() ? result.stdout.trim() : null;
}

function statusOf(letter: string): FileChangeStatus {
  if (letter.startsWith('A')) return 'added';
  if (letter.startsWith('D')) return 'deleted';
  return 'modified';
}

interface GitOutput { code: number; stdout: string; stderr: string; truncated: boolean }

/** Runs git without a shell; output past `maxBytes` is cut (and the process stopped). A missing git is exit 127. */
function git(args: string[], cwd: string, maxBytes = MAX_LISTING_BYTES): Promise<GitOutput> {
  const env = { ...process.env };
  for (const name of GIT_CONTEXT_VARIABLES) delete env[name];
  return new Promise((resolveOutput) => {
    const child = spawn('git', args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: GIT_TIMEOUT_MS });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let size = 0;
    let truncated = false;
    child.stdout.on('data', (chunk: Buffer) => {
      if (truncated) return;
      const room = maxBytes - size;
      out.push(chunk.byteLength > room ? chunk.subarray(0, room) : chunk);
      size += Math.min(chunk.byteLength, room);
      if (chunk.byteLength > room) {
        truncated = true;
        child.kill();
      }
    });
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.once('error', (error) => resolveOutput({ code: 127, stdout: '', stderr: error.message, truncated: false }));
    child.once('close', (code) => resolveOutput({
      code: truncated ? 0 : code ?? 1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), truncated,
    }));
  });
}
