// FolderConnection against the real host: when the link's client is replaced (a restart, a
// reattach) while the connection is still reading through the old one, it ends up streaming from
// the new client, and the late failure of the old read neither ends that stream nor marks the task
// graph as failed. This is how a window came to stream from no host, which then stopped unattended.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { GatewayClient } from '../../../host/client/gatewayClient.ts';
import type { ProjectList } from '../../../host/protocol/index.ts';
import { ConnectionEmitter } from '../../../extension/connection/connectionEmitter.ts';
import { FolderConnection } from '../../../extension/connection/folderConnection.ts';
import type { HostLink, HostState } from '../../../extension/connection/hostLink.ts';
import { OutputChannelRecorder } from '../../fakes/outputChannelRecorder.ts';
import { startHostProcess, type HostUnderTest } from '../../fakes/hostProcess.ts';

/** A client whose task-graph read waits until the test lets it go on. */
class HeldClient extends GatewayClient {
  readonly reached = Promise.withResolvers<void>();
  readonly release = Promise.withResolvers<void>();
  settled: Promise<unknown> = Promise.resolve();

  override projects(signal?: AbortSignal): Promise<ProjectList> {
    const read = (async () => {
      this.reached.resolve();
      await this.release.promise;
      return super.projects(signal);
    })();
    this.settled = read.catch(() => undefined);
    return read;
  }
}

/** The link as the supervisor drives it: a new client per host, the old one disposed. */
class ScriptedLink implements HostLink {
  private readonly states = new ConnectionEmitter<HostState>();
  readonly onDidChangeState = this.states.event;
  readonly folder = { name: 'sample', uri: { fsPath: '/sample' } as vscode.Uri, index: 0 };
  readonly description = 'scripted';
  readonly error = null;
  readonly startToReadyMs = null;
  state: HostState = 'stopped';
  private current: GatewayClient | undefined;

  get client(): GatewayClient | undefined {
    return this.state === 'ready' ? this.current : undefined;
  }

  use(client: GatewayClient): void {
    this.current?.dispose();
    this.current = client;
    this.set('starting');
    this.set('ready');
  }

  private set(state: HostState): void {
    this.state = state;
    this.states.fire(state);
  }

  start = async () => {};
  restart = async () => {};
  dispose = () => this.states.dispose();
}

describe('FolderConnection', () => {
  const dir = mkdtempSync(join(tmpdir(), 'folder-connection-'));
  const workflow = join(dir, 'WORKFLOW.md');
  let host: HostUnderTest;

  before(async () => {
    writeFileSync(workflow, '---\ntracker:\n  kind: local\n  active_states: []\n---\nprompt\n');
    writeFileSync(join(dir, 'issues.yaml'), 'issues: []\n');
    host = await startHostProcess({ workflow, dataDir: join(dir, 'data') });
  });

  after(async () => {
    await host.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('streams from the link\'s current client when the previous one is replaced mid-read', async () => {
    const token = readFileSync(host.tokenFile, 'utf8').trim();
    const link = new ScriptedLink();
    const log = new OutputChannelRecorder();
    const connection = new FolderConnection(link, log);
    try {
      const replaced = new HeldClient({ socketPath: host.socketPath, token });
      link.use(replaced);
      await replaced.reached.promise;
      // The host restarts: the supervisor disposes the old client and is ready with a new one.
      link.use(new GatewayClient({ socketPath: host.socketPath, token }));
      await until('the stream from the new client', () => connection.streamStatus === 'connected');
      replaced.release.resolve();
      await replaced.settled;

      const loadedAt = connection.state.workflow?.loaded_at;
      const changed = new Promise<void>((resolve) => {
        const subscription = connection.onDidChange(() => {
          if (connection.state.workflow?.loaded_at === loadedAt) return;
          subscription.dispose();
          resolve();
        });
      });
      writeFileSync(workflow, readFileSync(workflow, 'utf8').replace('prompt', 'a new prompt'));
      await bounded(changed, 'the workflow reload to reach the connection through its stream', log);

      assert.ok(connection.streamsFromCurrentClient, 'the stream comes from the current client');
      assert.equal(connection.state.graphError, null, 'the old client\'s failed read did not mark the graph as failed');
      assert.deepEqual(log.lines, [], 'nothing went wrong that the user should read about');
    } finally {
      connection.dispose();
    }
  });
});

async function until(what: string, probe: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function bounded(promise: Promise<void>, what: string, log: OutputChannelRecorder, timeoutMs = 20_000): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}\n${log.text()}`)), timeoutMs); });
  try {
    await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
