import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runHook, truncateHookOutput } from '../../../../host/workspace/hookRunner.ts';
import { tempDir } from './workspaceFixture.ts';

describe('hook runner', () => {
  it('runs the script in the workspace and reports ok, failed and its output', async (t) => {
    const dir = tempDir(t);
    const ok = await runHook('pwd; echo done >&2', dir, 5_000);
    assert.equal(ok.outcome, 'ok');
    assert.match(ok.output, new RegExp(`${dir}\\n`));
    assert.match(ok.output, /done/);
    const failed = await runHook('exit 4', dir, 5_000);
    assert.deepEqual([failed.outcome, failed.exitCode], ['failed', 4]);
  });

  it('kills the script and its descendants when hooks.timeout_ms passes', async (t) => {
    const dir = tempDir(t);
    const result = await runHook('sleep 30 & echo "child=$!"; sleep 30', dir, 200);
    assert.equal(result.outcome, 'timeout');
    const child = Number(/child=(\d+)/.exec(result.output)?.[1]);
    assert.ok(child > 0, result.output);
    // SIGKILL to the group is sent when the timeout fires; the kernel takes a moment to deliver it.
    assert.equal(await diesWithin(child, 5_000), true, 'the background child died with the hook');
  });

  it('ends when the script exits even if a background child still holds its output', async (t) => {
    const dir = tempDir(t);
    const result = await runHook('sleep 3 & echo started', dir, 2_000);
    assert.equal(result.outcome, 'ok');
    assert.match(result.output, /started/);
  });

  it('keeps only the tail of long output, for logs', () => {
    const text = `${'x'.repeat(5_000)}END`;
    const short = truncateHookOutput(text, 100);
    assert.equal(short.length, 101);
    assert.ok(short.endsWith('END'));
  });
});

/** Waits (bounded) for a process to be gone; resolves false if it still lives at the deadline. */
async function diesWithin(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

/** Alive and not a zombie waiting to be reaped (Linux /proc, else a signal-0 probe). */
function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    try { process.kill(pid, 0); return true; } catch { return false; }
  }
}
