import * as vscode from 'vscode';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LogFileTail } from './logFileTail.ts';
import { GatewayClient } from '../../host/client/gatewayClient.ts';
import type { HostPaths } from './hostPaths.ts';
import type { HostLink, HostState } from './hostLink.ts';


export interface HostSupervisorOptions {
  /** dist/host.js of this extension. */
  hostScript: string;
  log: vscode.LogOutputChannel;
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
/**
 * How long a host with no window attached keeps running: far longer than a window reload, short
 * enough that a closed window does not leave a host behind for the rest of the day.
 */
const UNATTENDED_GRACE_SECONDS = 600;
/** How often a host this window attached to (not its child) is checked for being alive. */
const ATTACHED_PROBE_MS = 2_000;

/**
 * Runs the orchestrator host for one workspace folder with VS Code's own runtime, waits for it to be
 * ready, reattaches to one that is already running, and restarts it with backoff when it dies.
 * The host is detached from the window: it logs to a file and outlives a window reload, after which
 * the new window reattaches to it and its runs go on; with no window attached for a minute it stops
 * by itself (`serve --exit-unattended`).
 */
export class HostSupervisor implements HostLink {
  private readonly stateEmitter = new vscode.EventEmitter<HostState>();
  readonly onDidChangeState = this.stateEmitter.event;
  private child: ChildProcess | undefined;
  private clientInstance: GatewayClient | undefined;
  private restarts = 0;
  private disposed = false;
  private restartTimer: NodeJS.Timeout | undefined;
  private attachedProbe: NodeJS.Timeout | undefined;
  private logTail: LogFileTail | undefined;
  private restartChain: Promise<void> = Promise.resolve();
  state: HostState = 'stopped';
  error: string | null = null;
  startToReadyMs: number | null = null;

  readonly folder: vscode.WorkspaceFolder;
  readonly paths: HostPaths;
  readonly description = 'local host';
  private readonly options: HostSupervisorOptions;
  private readonly log: vscode.LogOutputChannel;
  /** The folder and this supervisor's number, at the start of each line it logs. */
  private readonly tag: string;

  constructor(folder: vscode.WorkspaceFolder, paths: HostPaths, options: HostSupervisorOptions) {
    this.folder = folder;
    this.paths = paths;
    this.options = options;
    this.log = options.log;
    this.tag = `[${folder.name} s${++supervisorsCreated}]`;
  }

  get client(): GatewayClient | undefined {
    return this.state === 'ready' ? this.clientInstance : undefined;
  }

  async start(): Promise<void> {
    // A restart or backoff still in flight when the window let go must not start a host nobody watches.
    if (this.disposed) return;
    this.log.info(`${this.tag} start: attach to the folder's host, or spawn one`);
    this.setState('starting', null);
    for (const dir of new Set([this.paths.dataDir, dirname(this.paths.socketPath), dirname(this.paths.tokenFile)])) ensurePrivateDir(dir);
    if (await this.tryAttach() || this.disposed) return;
    await this.spawnHost();
  }

  /**
   * Stops the folder's host (started by this window or another) and starts a fresh one. Restarts
   * run one after another: settings changes come in bursts, and two overlapping restarts would
   * start two hosts on one journal.
   */
  restart(): Promise<void> {
    this.log.info(`${this.tag} restart requested`);
    const next = this.restartChain.catch(() => undefined).then(async () => {
      this.log.info(`${this.tag} restart begins${this.disposed ? ' (disposed)' : ''}`);
      this.restarts = 0;
      await this.stopHost();
      await this.start();
    });
    this.restartChain = next;
    return next;
  }

  private get logFile(): string {
    return join(this.paths.dataDir, 'host.log');
  }

  private get pidFile(): string {
    return join(this.paths.dataDir, 'host.pid');
  }

  private async tryAttach(): Promise<boolean> {
    const token = readToken(this.paths.tokenFile);
    if (!token) return false;
    const client = new GatewayClient({ socketPath: this.paths.socketPath, token });
    try {
      await client.ready();
      const pid = readPid(this.pidFile);
      this.log.info(`${this.tag} attached to the running host${pid ? ` pid=${pid}` : ''} at ${this.paths.socketPath}`);
      this.followLog(false);
      if (pid) this.probeAttached(pid);
      this.useClient(client);
      return true;
    } catch {
      client.dispose();
      return false;
    }
  }

  private async spawnHost(): Promise<void> {
    const token = ensureToken(this.paths.tokenFile);
    const started = Date.now();
    const extraEnvironment = await this.options.environment();
    const args = [this.options.hostScript, 'serve', '--workflow', this.paths.workflowPath, '--data', this.paths.dataDir,
      '--socket', this.paths.socketPath, '--token-file', this.paths.tokenFile, '--log-level', this.options.logLevel()];
    const port = this.options.exposedPort();
    if (port !== null) args.push('--listen', `127.0.0.1:${port}`);
    args.push('--exit-unattended', String(UNATTENDED_GRACE_SECONDS));
    const spawnNumber = ++spawnsStarted;
    if (existsSync(this.logFile)) renameSync(this.logFile, `${this.logFile}.1`);
    const output = openSync(this.logFile, 'a', 0o600);
    let child: ChildProcess;
    try {
      child = spawn(process.execPath, args, {
        cwd: this.folder.uri.fsPath,
        env: { ...process.env, ...extraEnvironment, ELECTRON_RUN_AS_NODE: '1' },
        stdio: ['ignore', output, output],
        detached: true,
        windowsHide: true,
      });
    } finally {
      closeSync(output);
    }
    child.unref();
    this.child = child;
    if (child.pid) writeFileSync(this.pidFile, `${child.pid}\n`, { mode: 0o600 });
    this.log.info(`${this.tag} spawn #${spawnNumber}: starting host pid=${child.pid ?? '?'} (${process.execPath}), log ${this.logFile}`);
    this.followLog(true);
    const exited = new Promise<string>((resolve) => {
      child.once('error', (error) => resolve(`could not start: ${error.message}`));
      child.once('exit', (code, signal) => resolve(`exited with ${signal ?? `code ${code}`}`));
    });
    void exited.then((why) => this.onExit(child, why));
    const client = new GatewayClient({ socketPath: this.paths.socketPath, token });
    const abort = new AbortController();
    void exited.then(() => abort.abort());
    try {
      await client.waitForReady({ timeoutMs: READY_TIMEOUT_MS, signal: abort.signal });
    } catch (error) {
      client.dispose();
      throw new Error(`the host did not become ready: ${(error as Error).message}`);
    }
    this.startToReadyMs = Date.now() - started;
    this.log.info(`${this.tag} host ready in ${this.startToReadyMs} ms`);
    this.restarts = 0;
    this.useClient(client);
  }

  private useClient(client: GatewayClient): void {
    this.clientInstance?.dispose();
    this.clientInstance = client;
    this.setState('ready', null);
  }

  /** Forwards the host's log file to the output channel. */
  private followLog(fromStart: boolean): void {
    this.logTail?.dispose();
    this.logTail = new LogFileTail(this.logFile, (line) => this.forwardLog(line), { fromStart });
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
    this.logTail?.readNew();
    this.clientInstance?.dispose();
    this.clientInstance = undefined;
    if (this.disposed) return;
    this.log.warn(`${this.tag} host ${why}`);
    const delay = RESTART_DELAYS_MS[this.restarts];
    if (delay === undefined) {
      this.setState('failed', `The OpenSymphony host ${why} and could not be restarted. Check the output channel, fix the cause, then run "OpenSymphony: Restart Host".`);
      return;
    }
    this.restarts++;
    this.setState('starting', `host ${why}; restarting in ${delay / 1000}s (try ${this.restarts} of ${RESTART_DELAYS_MS.length})`);
    this.restartTimer = setTimeout(() => { void this.start().catch((error: Error) => this.log.error(error.message)); }, delay);
  }

  private forwardLog(line: string): void {
    const text = `${this.tag} ${line}`;
    if (/ ERROR /.test(line)) this.log.error(text);
    else if (/ WARN /.test(line)) this.log.warn(text);
    else if (/ DEBUG /.test(line)) this.log.debug(text);
    else this.log.info(text);
  }

  private setState(state: HostState, error: string | null): void {
    this.state = state;
    this.error = error;
    this.stateEmitter.fire(state);
  }

  /** Stops the folder's host, whoever started it: SIGTERM, then SIGKILL after 5 s. */
  private async stopHost(): Promise<void> {
    this.detach();
    const pid = this.child?.pid ?? readPid(this.pidFile);
    this.child = undefined;
    if (!pid || !isAlive(pid) || !servesSocket(pid, this.paths.socketPath)) return;
    signal(pid, 'SIGTERM');
    const deadline = Date.now() + 5_000;
    while (isAlive(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    if (isAlive(pid)) signal(pid, 'SIGKILL');
  }

  /** Lets go of the host without stopping it. */
  private detach(): void {
    clearTimeout(this.restartTimer);
    clearInterval(this.attachedProbe);
    this.logTail?.dispose();
    this.logTail = undefined;
    this.clientInstance?.dispose();
    this.clientInstance = undefined;
  }

  /**
   * The window goes away (reload, close, folder removed): the host keeps running, so a reloaded
   * window finds it; unattended, it stops itself after UNATTENDED_GRACE_SECONDS.
   */
  dispose(): void {
    this.log.info(`${this.tag} disposed`);
    this.disposed = true;
    this.detach();
    this.child = undefined;
    this.setState('stopped', null);
    this.stateEmitter.dispose();
  }
}

function readToken(tokenFile: string): string | undefined {
  try {
    return readFileSync(tokenFile, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** Creates a 0700 folder, or refuses one that another user owns or others can enter (the token lives there). */
function ensurePrivateDir(dir: string): void {
  if (process.platform === 'win32') { mkdirSync(dir, { recursive: true }); return; }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const info = statSync(dir);
  if (info.uid !== process.getuid?.() || (info.mode & 0o077) !== 0) {
    throw new Error(`${dir} is not private to you (owner ${info.uid}, mode ${(info.mode & 0o777).toString(8)}); remove it so OpenSymphony can create it with mode 0700`);
  }
}

/** The extension mints the token before the host starts, so it never has to wait for the file. */
function ensureToken(tokenFile: string): string {
  const existing = readToken(tokenFile);
  if (existing) return existing;
  const token = randomBytes(32).toString('hex');
  writeFileSync(tokenFile, token + '\n', { mode: 0o600 });
  return token;
}

function readPid(pidFile: string): number | undefined {
  const pid = Number(readToken(pidFile));
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Guards against a stale pid file whose pid now belongs to another process: where the process table
 * is readable (/proc), the pid must be a host serving this folder's socket.
 */
function servesSocket(pid: number, socketPath: string): boolean {
  if (!existsSync('/proc/self/cmdline')) return true;
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(socketPath);
  } catch {
    return false;
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // exited meanwhile
  }
}
