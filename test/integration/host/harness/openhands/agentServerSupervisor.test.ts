// The supervisor launching the fake agent-server as a real process: readiness, a turn through the
// adapter, restart after SIGKILL, stop, and the typed errors when it cannot keep a server up.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { AgentServerSupervisor } from '../../../../../host/harness/openhands/agentServerSupervisor.ts';
import type { AgentServerState, AgentServerSupervisorOptions } from '../../../../../host/harness/openhands/agentServerSupervisor.ts';
import { createOpenHandsAdapter } from '../../../../../host/harness/openhands/openHandsAdapter.ts';
import { OpenHandsError } from '../../../../../host/harness/openhands/openHandsErrors.ts';
import { anIssue } from '../../../../fakes/issueBuilder.ts';
import { createRecordingSink } from '../recordingSink.ts';

const FAKE_MAIN = fileURLToPath(new URL('../../../../fakes/openhands/fakeAgentServerMain.ts', import.meta.url));
const FAKE_COMMAND = `'${process.execPath}' --disable-warning=MODULE_TYPELESS_PACKAGE_JSON '${FAKE_MAIN}' --host {host} --port {port} --initializing-ms 200`;

/** Records every state and resolves waiters when a matching one arrives. */
function watchStates(supervisor: AgentServerSupervisor): { states: AgentServerState[]; next(check: (state: AgentServerState) => boolean, what: string): Promise<AgentServerState> } {
  const states: AgentServerState[] = [];
  const waiters: { check: (state: AgentServerState) => boolean; resolve: (state: AgentServerState) => void }[] = [];
  supervisor.onDidChangeState((state) => {
    states.push(state);
    for (const waiter of waiters.filter((candidate) => candidate.check(state))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(state);
    }
  });
  return {
    states,
    next: (check, what) => new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; states: ${states.map((state) => state.status).join(' → ')}`)), 20_000);
      waiters.push({ check, resolve: (state) => { clearTimeout(timer); resolve(state); } });
    }),
  };
}

async function withSupervisor(options: AgentServerSupervisorOptions, body: (supervisor: AgentServerSupervisor, cwd: string) => Promise<void>): Promise<void> {
  const cwd = mkdtempSync(join(tmpdir(), 'opensymphony-agent-server-'));
  const supervisor = new AgentServerSupervisor({ cwd, readyTimeoutMs: 15_000, stopGraceMs: 2_000, ...options });
  try {
    await body(supervisor, cwd);
  } finally {
    await supervisor.stop();
    rmSync(cwd, { recursive: true, force: true });
  }
}

/** Running (not gone, not a zombie waiting for a reaper; containers often have none). */
function isAlive(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

/**
 * A process that is not our child gives no exit event, so this polls /proc, bounded: SIGKILL is
 * delivered asynchronously and the process may take a moment to go.
 */
async function isGoneWithin(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}

describe('agent-server supervisor', { timeout: 60_000 }, () => {
  it('launches the server on a free port with a fresh key, waits for /ready, restarts it after SIGKILL and stops it', async (t) => {
    await withSupervisor({ command: FAKE_COMMAND, restart: { initialMs: 100, maxMs: 1_000 } }, async (supervisor, cwd) => {
      const watch = watchStates(supervisor);
      const started = performance.now();
      await supervisor.start();
      t.diagnostic(`ready after ${(performance.now() - started).toFixed(0)} ms at ${supervisor.baseUrl}`);
      assert.deepEqual(watch.states.map((state) => state.status), ['starting', 'ready']);
      assert.match(supervisor.baseUrl, /^http:\/\/127\.0\.0\.1:\d+$/);
      assert.ok(supervisor.sessionApiKey.length >= 43, '256 random bits');
      const unauthorized = await fetch(`${supervisor.baseUrl}/api/conversations/search`);
      assert.equal(unauthorized.status, 401, 'the server got the generated key');

      const sink = createRecordingSink();
      const adapter = createOpenHandsAdapter({ baseUrl: supervisor.baseUrl, sessionApiKey: supervisor.sessionApiKey, llm: { model: 'openai/fake' }, confirmationMode: false, readTimeoutMs: 5_000, turnTimeoutMs: 10_000 });
      const session = await adapter.startSession({ issue: anIssue({ identifier: 'OS-9' }), workspacePath: cwd, sink, signal: new AbortController().signal });
      assert.equal((await session.runTurn('hello', new AbortController().signal)).status, 'completed', 'a turn runs against the supervised server');
      await session.dispose();

      const firstPid = supervisor.pid!;
      const baseUrl = supervisor.baseUrl;
      const restarted = watch.next((state) => state.status === 'ready', 'the restarted server to be ready');
      process.kill(firstPid, 'SIGKILL');
      const restarting = await watch.next((state) => state.status === 'restarting', 'the restart');
      await restarted;
      t.diagnostic(`killed pid ${firstPid}; ${restarting.status === 'restarting' ? restarting.reason.split('\n')[0] : ''}; restarted as pid ${supervisor.pid}`);
      assert.notEqual(supervisor.pid, firstPid);
      assert.equal(supervisor.baseUrl, baseUrl, 'same address after the restart, so clients reconnect');
      assert.equal((await fetch(`${baseUrl}/ready`)).status, 200);

      const lastPid = supervisor.pid!;
      await supervisor.stop();
      assert.equal(supervisor.state.status, 'stopped');
      assert.ok(await isGoneWithin(lastPid, 2_000), 'the server process is gone');
      await assert.rejects(fetch(`${baseUrl}/ready`));
    });
  });

  it('gives up with agent_server_crash_loop after bounded restarts of a server that keeps exiting', async () => {
    await withSupervisor({ command: 'echo "boom: missing module" >&2; exit 3', restart: { maxRestarts: 2, initialMs: 10, maxMs: 20 } }, async (supervisor) => {
      const watch = watchStates(supervisor);
      await assert.rejects(supervisor.start(), (error: unknown) => error instanceof OpenHandsError && error.code === 'agent_server_crash_loop'
        && (error.cause as OpenHandsError).code === 'agent_server_start_failed' && /code 3.*boom: missing module/s.test((error.cause as OpenHandsError).message));
      assert.deepEqual(watch.states.map((state) => state.status), ['starting', 'restarting', 'starting', 'restarting', 'starting', 'failed']);
      assert.deepEqual(watch.states.filter((state) => state.status === 'restarting').map((state) => (state as { delayMs: number }).delayMs), [10, 20]);
    });
  });

  it('reports agent_server_not_ready when /ready never answers within the bound, and kills the process group', async (t) => {
    const cwd = mkdtempSync(join(tmpdir(), 'opensymphony-agent-server-'));
    const pidFile = join(cwd, 'child.pid');
    try {
      await withSupervisor({ command: `sleep 60 & echo $! > '${pidFile}'; wait`, readyTimeoutMs: 1_500, restart: { maxRestarts: 0 } }, async (supervisor) => {
        const started = performance.now();
        await assert.rejects(supervisor.start(), (error: unknown) => error instanceof OpenHandsError && (error.cause as OpenHandsError).code === 'agent_server_not_ready');
        t.diagnostic(`gave up after ${(performance.now() - started).toFixed(0)} ms`);
        assert.ok(await isGoneWithin(Number(readFileSync(pidFile, 'utf8')), 2_000), 'what the server started died with its group');
      });
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  });

  it('rejects start() when stopped before the server got ready', async () => {
    await withSupervisor({ command: 'sleep 60', readyTimeoutMs: 30_000 }, async (supervisor) => {
      const watch = watchStates(supervisor);
      const starting = supervisor.start();
      await watch.next((state) => state.status === 'starting', 'the launch');
      await supervisor.stop();
      await assert.rejects(starting, (error: unknown) => error instanceof OpenHandsError && error.code === 'agent_server_start_failed');
    });
  });
});
