// HostSupervisor against the real host CLI: the races a window runs into when settings change in a
// burst and the connection profile switches (local → remote → local) while a start is in flight.
// Whatever the interleaving, one host runs on the folder, started once, and the window's current
// supervisor is attached to it.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { HostSupervisor, type HostSupervisorOptions } from '../../../extension/connection/hostSupervisor.ts';
import type { HostPaths } from '../../../extension/connection/hostPaths.ts';
import { lockOwner } from '../../../extension/connection/hostProcessControl.ts';
import { hostPidsServing } from '../../e2e/hostProcesses.ts';
import { startHostProcess, type HostUnderTest } from '../../fakes/hostProcess.ts';
import { OutputChannelRecorder } from '../../fakes/outputChannelRecorder.ts';

const hostScript = join(import.meta.dirname, '..', '..', '..', 'host', 'main.ts');

describe('HostSupervisor', () => {
  let dir = '';
  let paths: HostPaths;
  let log: OutputChannelRecorder;
  let supervisors: HostSupervisor[] = [];
  let outsideHost: HostUnderTest | undefined;
  /**
   * The credentials read before each spawn (`environment()`): a test may hold it (`gate`) to act while
   * a spawn is under way, and learn when a spawn got there (`reached`).
   */
  let credentials: { gate?: PromiseWithResolvers<void>; reached?: PromiseWithResolvers<void> } = {};

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'supervisor-'));
    writeFileSync(join(dir, 'WORKFLOW.md'), '---\ntracker:\n  kind: local\n  active_states: []\n---\nprompt\n');
    writeFileSync(join(dir, 'issues.yaml'), 'issues: []\n');
    const dataDir = join(dir, 'data');
    paths = { workflowPath: join(dir, 'WORKFLOW.md'), dataDir, socketPath: join(dataDir, 'gateway.sock'), tokenFile: join(dataDir, 'token') };
    log = new OutputChannelRecorder();
    supervisors = [];
    credentials = {};
  });

  afterEach(async () => {
    for (const supervisor of supervisors) supervisor.dispose();
    await outsideHost?.stop();
    outsideHost = undefined;
    await stopHosts(paths.socketPath);
    rmSync(dir, { recursive: true, force: true });
  });

  function supervisor(): HostSupervisor {
    const options: HostSupervisorOptions = {
      hostScript, log, logLevel: () => 'info', exposedPort: () => null,
      environment: async () => { credentials.reached?.resolve(); await credentials.gate?.promise; return {}; },
    };
    const created = new HostSupervisor({ name: 'sample', uri: { fsPath: dir } as vscode.Uri, index: 0 }, paths, options);
    supervisors.push(created);
    return created;
  }

  /** Holds the next spawns at their credentials read; resolves when one got there. */
  function holdCredentials(): { reached: Promise<void>; release(): void } {
    const gate = Promise.withResolvers<void>();
    const reached = Promise.withResolvers<void>();
    credentials = { gate, reached };
    return { reached: reached.promise, release: () => gate.resolve() };
  }

  function lockFile(): string {
    return join(paths.dataDir, 'host.lock');
  }

  /** The host that held the folder (standing in: this test process) makes way for a real one, started outside the supervisor. */
  async function becomesReadyElsewhere(): Promise<void> {
    unlinkSync(lockFile());
    outsideHost = await startHostProcess({ workflow: paths.workflowPath, dataDir: paths.dataDir, socketPath: paths.socketPath });
  }

  /** The one host that runs on the folder: exactly one process serves its socket, and it holds the lock. */
  function theOneHost(): number {
    const pids = hostPidsServing(paths.socketPath);
    assert.equal(pids.length, 1, `one host serves the folder, not ${pids.length}\n${log.text()}`);
    assert.equal(lockOwner(paths.dataDir), pids[0], 'and it holds the data folder');
    return pids[0]!;
  }

  async function assertAttached(current: HostSupervisor, pid: number): Promise<void> {
    assert.equal(current.state, 'ready', log.text());
    assert.ok(current.client, 'the supervisor has a client');
    const snapshot = await current.client.snapshot();
    assert.ok(snapshot.seq > 0);
    const started = (await current.client.events(0)).events.filter((event) => event.type === 'host.started').at(-1);
    assert.equal((started?.payload as { pid?: number } | undefined)?.pid, pid, 'the client talks to the host that holds the folder');
  }

  it('a supervisor let go of while it reads the credentials spawns nothing; its successor starts the one host', async () => {
    const held = holdCredentials();
    const first = supervisor();
    const firstStart = first.start();
    await held.reached;
    // The profile switches to remote (the local supervisor is disposed), then back to local.
    first.dispose();
    const second = supervisor();
    const secondStart = second.start();
    held.release();
    await Promise.all([firstStart, secondStart]);

    assert.equal(log.spawns().length, 1, `one spawn, not:\n${log.spawns().join('\n')}`);
    await assertAttached(second, theOneHost());
  });

  it('a burst of restarts, then the window lets go and a new supervisor starts: one host, attached', async () => {
    const first = supervisor();
    await first.start();
    const initialHost = theOneHost();
    const held = holdCredentials();
    const restarts = [first.restart(), first.restart(), first.restart()];
    await held.reached;
    first.dispose();
    const second = supervisor();
    const secondStart = second.start();
    held.release();
    await Promise.all([...restarts, secondStart]);

    const host = theOneHost();
    assert.notEqual(host, initialHost, 'the restart stopped the first host');
    assert.equal(log.spawns().length, 2, `the first start and the new supervisor's, not:\n${log.spawns().join('\n')}`);
    await assertAttached(second, host);
  });

  it('restarts asked for before or while the spawn reads the settings are served by it, not run again', async () => {
    const only = supervisor();
    await only.start();
    const held = holdCredentials();
    const restarts = [only.restart(), only.restart()];
    await held.reached;
    // Another setting changes while the credentials are read.
    restarts.push(only.restart());
    held.release();
    await Promise.all(restarts);

    assert.equal(log.spawns().length, 2, `the start and one restart, not:\n${log.spawns().join('\n')}`);
    await assertAttached(only, theOneHost());
  });

  it('waits for a host that holds the folder but is not ready yet, and attaches to it instead of spawning a loser', async () => {
    // Another window's host holds the lock and is still starting: a live process names itself in host.lock.
    mkdirSync(paths.dataDir, { recursive: true, mode: 0o700 });
    writeFileSync(lockFile(), `${process.pid}\n`);
    const only = supervisor();
    const started = only.start();
    await log.waitFor(new RegExp(`waiting for host pid=${process.pid}`));
    await becomesReadyElsewhere();
    await started;

    assert.deepEqual(log.spawns(), [], 'the supervisor spawned nothing');
    assert.equal(readFileSync(paths.tokenFile, 'utf8').trim().length, 64, 'the window minted the token the host then used');
    await assertAttached(only, theOneHost());
  });

  it('a spawn that finds the folder taken by another host (data_in_use) attaches to that host instead of failing', async () => {
    const held = holdCredentials();
    const only = supervisor();
    const started = only.start();
    // The window found no host and is about to spawn; another window's host takes the folder first.
    await held.reached;
    writeFileSync(lockFile(), `${process.pid}\n`);
    held.release();
    await log.waitFor(/spawn #\d+ found the folder taken \(.*ERROR \[host\] data_in_use/);
    await becomesReadyElsewhere();
    await started;

    assert.equal(log.spawns().length, 1);
    await assertAttached(only, theOneHost());
    assert.equal(only.state, 'ready', 'the loser\'s exit is not taken for a crash');
  });
});

async function until(what: string, probe: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Stops every host on the socket and waits until they are gone. */
async function stopHosts(socketPath: string): Promise<void> {
  for (const pid of hostPidsServing(socketPath)) process.kill(pid, 'SIGTERM');
  await until('the hosts to stop', () => hostPidsServing(socketPath).length === 0, 15_000);
}
