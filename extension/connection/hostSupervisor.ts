import type * as vscode from 'vscode';
import type { ChildProcess } from 'node:child_process';
import { dirname, join } from 'node:path';
import { HostLogForwarder } from './hostLogForwarder.ts';
import { GatewayClient } from '../../host/client/gatewayClient.ts';
import { ConnectionEmitter } from './connectionEmitter.ts';
import { onDataFolder } from './dataFolderQueue.ts';
import { appendedSince, ensurePrivateDir, ensureToken, readToken, sizeOf } from './hostFiles.ts';
import { isAlive, lockOwner, stopHostProcess, waitForReadyWhileAlive } from './hostProcessControl.ts';
import { spawnHostProcess } from './hostSpawn.ts';
import type { HostPaths } from './hostPaths.ts';
import type { HostLink, HostState } from './hostLink.ts';

/** The lines the supervisor writes; the output channel in the extension. */
export type SupervisorLog = Pick<vscode.LogOutputChannel, 'debug' | 'info' | 'warn' | 'error'>;

export interface HostSupervisorOptions {
  /** dist/host.js of this extension. */
  hostScript: string;
  log: SupervisorLog;
  logLevel: () => string;
  /** Extra environment for the host process (credentials); read at every start. */
  environment: () => Promise<Record<string, string>>;
  /** A loopback TCP port on which the gateway is also served to other clients, or null. */
  exposedPort: () => number | null;
}

/** Numbers supervisors and spawns in the output channel, so a race between two of them can be read from the log. */
let supervisorsCreated = 0;
let spawnsStarted = 0;

const RESTART_DELAYS_MS = [1_000, 2_000, 4_000];
const READY_TIMEOUT_MS = 30_000;
/** How often a host this window attached to (not its child) is checked for being alive. */
const ATTACHED_PROBE_MS = 2_000;

/**
 * Runs the orchestrator host for one workspace folder with VS Code's own runtime, waits for it to be
 * ready, reattaches to one that is already running, and restarts it with backoff when it dies.
 * The host is detached from the window: it logs to a file and outlives a window reload, after which
 * the new window reattaches to it and its runs go on; with no window attached for ten minutes it
 * stops by itself (`serve --exit-unattended`).
 *
 * Every step (start, restart, restart after a crash) runs in the data folder's queue, one at a time
 * across the window's supervisors, so a window never spawns two hosts on one folder. A disposed
 * supervisor starts, stops and reports nothing.
 */
export class HostSupervisor implements HostLink {
  private readonly stateEmitter = new ConnectionEmitter<HostState>();
  readonly onDidChangeState = this.stateEmitter.event;
  private child: ChildProcess | undefined;
  private clientInstance: GatewayClient | undefined;
  private restarts = 0;
  private disposed = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private attachedProbe: NodeJS.Timeout | undefined;
  private readonly hostLog: HostLogForwarder;
  /** Restart requests so far, and how many of them the last spawn's settings already include. */
  private restartRequests = 0;
  private settingsReadFor = 0;
  state: HostState = 'stopped';
  error: string | null = null;
  startToReadyMs: number | null = null;

  readonly folder: Pick<vscode.WorkspaceFolder, 'name' | 'uri' | 'index'>;
  readonly paths: HostPaths;
  readonly description = 'local host';
  private readonly options: HostSupervisorOptions;
  private readonly log: SupervisorLog;
  /** The folder and this supervisor's number, at the start of each line it logs. */
  private readonly tag: string;

  constructor(folder: Pick<vscode.WorkspaceFolder, 'name' | 'uri' | 'index'>, paths: HostPaths, options: HostSupervisorOptions) {
    this.folder = folder;
    this.paths = paths;
    this.options = options;
    this.log = options.log;
    this.tag = `[${folder.name} s${++supervisorsCreated}]`;
    this.hostLog = new HostLogForwarder(this.logFile, this.log, this.tag);
  }

  get client(): GatewayClient | undefined {
    return this.state === 'ready' ? this.clientInstance : undefined;
  }

  /** Attaches to the folder's host, or spawns one; does nothing while attached. */
  start(): Promise<void> {
    return this.step('start', async () => {
      // A retry after a crash may wait behind a restart that already brought the host back.
      if (this.state === 'ready') return;
      await this.attachOrSpawn();
    });
  }

  /**
   * Stops the folder's host (started by this window or another) and starts a fresh one. Settings
   * change in bursts: a restart requested before the last spawn read the settings is already
   * served by that spawn and is skipped, instead of stopping a host that has them.
   */
  restart(): Promise<void> {
    const request = ++this.restartRequests;
    return this.step(`restart #${request}`, async () => {
      if (request <= this.settingsReadFor) { this.log.info(`${this.tag} restart #${request} skipped: the running host was started after it was asked for`); return; }
      this.restarts = 0;
      this.setState('starting', null);
      await this.stopHost();
      await this.attachOrSpawn();
    });
  }

  private step(name: string, body: () => Promise<void>): Promise<void> {
    this.log.debug(`${this.tag} ${name} requested`);
    return onDataFolder(this.paths.dataDir, async () => {
      if (this.disposed) { this.log.info(`${this.tag} ${name} skipped: this window let go of the host`); return; }
      this.log.info(`${this.tag} ${name} begins`);
      await body();
    });
  }

  private async attachOrSpawn(): Promise<void> {
    this.setState('starting', null);
    for (const dir of new Set([this.paths.dataDir, dirname(this.paths.socketPath), dirname(this.paths.tokenFile)])) ensurePrivateDir(dir);
    if (await this.tryAttach()) return;
    // A host that holds the folder but does not answer yet is starting (or stopping): wait for it.
    const owner = lockOwner(this.paths.dataDir);
    if (owner !== undefined && await this.attachToOwner(owner, 'it holds the data folder')) return;
    await this.spawnHost();
  }

  private get logFile(): string {
    return join(this.paths.dataDir, 'host.log');
  }

  /** What a host writes outside its log: a refusal before it holds the folder, a runtime crash. */
  private get outputFile(): string {
    return join(this.paths.dataDir, 'host.out');
  }

  private async tryAttach(): Promise<boolean> {
    const token = readToken(this.paths.tokenFile);
    if (!token) return false;
    const client = new GatewayClient({ socketPath: this.paths.socketPath, token });
    try {
      await client.ready();
    } catch {
      client.dispose();
      return false;
    }
    const pid = lockOwner(this.paths.dataDir);
    this.log.info(`${this.tag} attached to the running host${pid ? ` pid=${pid}` : ''} at ${this.paths.socketPath}`);
    this.attachTo(client, pid);
    return true;
  }

  /** Waits for the host `pid` that holds the folder to become ready, and attaches; false when it does not. */
  private async attachToOwner(pid: number, why: string): Promise<boolean> {
    // A host that is still starting reads the token file after taking the lock: mint it now if it is missing.
    const token = ensureToken(this.paths.tokenFile);
    this.log.info(`${this.tag} waiting for host pid=${pid}: ${why}`);
    const client = new GatewayClient({ socketPath: this.paths.socketPath, token });
    try {
      await waitForReadyWhileAlive(client, pid, READY_TIMEOUT_MS);
    } catch (error) {
      client.dispose();
      this.log.warn(`${this.tag} host pid=${pid} did not become ready: ${(error as Error).message}`);
      return false;
    }
    this.log.info(`${this.tag} attached to host pid=${pid}`);
    this.attachTo(client, pid);
    return true;
  }

  private attachTo(client: GatewayClient, pid: number | undefined): void {
    if (this.disposed) { client.dispose(); return; }
    this.hostLog.follow();
    if (pid) this.probeAttached(pid);
    this.useClient(client);
  }

  private async spawnHost(): Promise<void> {
    const token = ensureToken(this.paths.tokenFile);
    const started = Date.now();
    const extraEnvironment = await this.readSettings();
    // Reading the credentials can take seconds on a busy machine; the window may have let go meanwhile.
    if (this.disposed) return;
    const spawnNumber = ++spawnsStarted;
    const outputOffset = sizeOf(this.outputFile);
    const child = spawnHostProcess({
      hostScript: this.options.hostScript, paths: this.paths, cwd: this.folder.uri.fsPath, logLevel: this.options.logLevel(),
      logFile: this.logFile, outputFile: this.outputFile, exposedPort: this.options.exposedPort(), environment: extraEnvironment,
    });
    this.child = child;
    this.log.info(`${this.tag} spawn #${spawnNumber}: starting host pid=${child.pid ?? '?'} (${process.execPath}), log ${this.logFile}`);
    this.hostLog.follow();
    const outcome = await this.waitForSpawn(child, token);
    if (!outcome.client) {
      await this.onSpawnNotReady(child, spawnNumber, outcome.exited, appendedSince(this.outputFile, outputOffset) || outcome.reason);
      return;
    }
    const { client } = outcome;
    this.startToReadyMs = Date.now() - started;
    const owner = lockOwner(this.paths.dataDir);
    if (owner !== undefined && owner !== child.pid) {
      // Another host took the folder first and answered on its socket; this spawn exits by itself.
      this.child = undefined;
      this.log.info(`${this.tag} spawn #${spawnNumber}: host pid=${owner} holds the data folder; attached to it`);
      this.attachTo(client, owner);
      return;
    }
    this.log.info(`${this.tag} spawn #${spawnNumber}: host ready in ${this.startToReadyMs} ms`);
    this.restarts = 0;
    this.useClient(client);
  }

  /**
   * Reads the credentials until no restart was asked for meanwhile (settings change in bursts, and
   * the read takes seconds when VS Code looks for a sign-in provider); the spawn then reads the
   * other settings at once, so it serves every restart asked for so far.
   */
  private async readSettings(): Promise<Record<string, string>> {
    let environment: Record<string, string>;
    do {
      this.settingsReadFor = this.restartRequests;
      environment = await this.options.environment();
    } while (this.settingsReadFor !== this.restartRequests && !this.disposed);
    return environment;
  }

  /** Waits for the spawned host's gateway; from then on, its exit counts as the host going away. */
  private async waitForSpawn(child: ChildProcess, token: string): Promise<{ client: GatewayClient } | { client?: undefined; exited: boolean; reason: string }> {
    let waiting = true;
    const exited = new Promise<string>((resolve) => {
      child.once('error', (error) => resolve(`could not start: ${error.message}`));
      child.once('exit', (code, signal) => resolve(`exited with ${signal ?? `code ${code}`}`));
    });
    void exited.then((why) => { if (!waiting) this.onExit(child, why); });
    const client = new GatewayClient({ socketPath: this.paths.socketPath, token });
    const abort = new AbortController();
    void exited.then(() => abort.abort());
    try {
      await client.waitForReady({ timeoutMs: READY_TIMEOUT_MS, signal: abort.signal });
      return { client };
    } catch (error) {
      client.dispose();
      return { exited: abort.signal.aborted, reason: (error as Error).message };
    } finally {
      waiting = false;
    }
  }

  /** The spawned host did not answer: it lost the folder to another host (attach to that one), or failed. */
  private async onSpawnNotReady(child: ChildProcess, spawnNumber: number, exited: boolean, reason: string): Promise<void> {
    const owner = lockOwner(this.paths.dataDir);
    if (exited && this.child === child) this.child = undefined;
    if (exited && owner !== undefined && owner !== child.pid && await this.attachToOwner(owner, `spawn #${spawnNumber} found the folder taken (${reason})`)) return;
    this.log.error(`${this.tag} spawn #${spawnNumber}: the host did not become ready: ${reason}`);
    if (exited) this.onHostGone(`could not start: ${reason}`);
    throw new Error(`the host did not become ready: ${reason}`);
  }

  private useClient(client: GatewayClient): void {
    if (this.disposed) { client.dispose(); return; }
    this.clientInstance?.dispose();
    this.clientInstance = client;
    this.setState('ready', null);
  }

  /** A host another window started is not our child: its exit is noticed by probing its pid. */
  private probeAttached(pid: number): void {
    clearInterval(this.attachedProbe);
    this.attachedProbe = setInterval(() => {
      if (isAlive(pid)) return;
      clearInterval(this.attachedProbe);
      this.onHostGone(`pid ${pid} is gone`);
    }, ATTACHED_PROBE_MS);
  }

  private onExit(child: ChildProcess, why: string): void {
    if (this.child !== child) return;
    this.child = undefined;
    this.onHostGone(why);
  }

  private onHostGone(why: string): void {
    if (this.disposed) return;
    this.hostLog.readNew();
    this.clientInstance?.dispose();
    this.clientInstance = undefined;
    this.log.warn(`${this.tag} host ${why}`);
    const delay = RESTART_DELAYS_MS[this.restarts];
    if (delay === undefined) {
      this.setState('failed', `The OpenSymphony host ${why} and could not be restarted. Check the output channel, fix the cause, then run "OpenSymphony: Restart Host".`);
      return;
    }
    this.restarts++;
    this.setState('starting', `host ${why}; restarting in ${delay / 1000}s (try ${this.restarts} of ${RESTART_DELAYS_MS.length})`);
    clearTimeout(this.restartTimer);
    this.restartTimer = setTimeout(() => { void this.start().catch((error: Error) => this.log.error(`${this.tag} ${error.message}`)); }, delay);
  }

  private setState(state: HostState, error: string | null): void {
    this.state = state;
    this.error = error;
    this.stateEmitter.fire(state);
  }

  /** Stops the folder's host, whoever started it: the lock names it. */
  private async stopHost(): Promise<void> {
    this.detach();
    const pid = this.child?.pid ?? lockOwner(this.paths.dataDir);
    this.child = undefined;
    if (pid) await stopHostProcess(pid, this.paths.socketPath);
  }

  /** Lets go of the host without stopping it. */
  private detach(): void {
    clearTimeout(this.restartTimer);
    clearInterval(this.attachedProbe);
    this.hostLog.dispose();
    this.clientInstance?.dispose();
    this.clientInstance = undefined;
  }

  /**
   * The window goes away (reload, close, folder removed): the host keeps running, so a reloaded
   * window finds it; unattended, it stops itself after UNATTENDED_GRACE_SECONDS (hostSpawn.ts).
   */
  dispose(): void {
    if (this.disposed) return;
    this.log.info(`${this.tag} disposed`);
    this.disposed = true;
    this.detach();
    this.child = undefined;
    this.setState('stopped', null);
    this.stateEmitter.dispose();
  }
}
