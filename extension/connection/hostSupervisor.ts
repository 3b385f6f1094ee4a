import * as vscode from 'vscode';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
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

const RESTART_DELAYS_MS = [1_000, 2_000, 4_000];
const READY_TIMEOUT_MS = 30_000;

/**
 * Runs the orchestrator host for one workspace folder with VS Code's own runtime, waits for it to be
 * ready, reattaches to one that is already running, and restarts it with backoff when it dies.
 */
export class HostSupervisor implements HostLink {
  private readonly stateEmitter = new vscode.EventEmitter<HostState>();
  readonly onDidChangeState = this.stateEmitter.event;
  private child: ChildProcess | undefined;
  private clientInstance: GatewayClient | undefined;
  private restarts = 0;
  private disposed = false;
  private restartTimer: NodeJS.Timeout | undefined;
  state: HostState = 'stopped';
  error: string | null = null;
  startToReadyMs: number | null = null;

  readonly folder: vscode.WorkspaceFolder;
  readonly paths: HostPaths;
  readonly description = 'local host';
  private readonly options: HostSupervisorOptions;
  private readonly log: vscode.LogOutputChannel;

  constructor(folder: vscode.WorkspaceFolder, paths: HostPaths, options: HostSupervisorOptions) {
    this.folder = folder;
    this.paths = paths;
    this.options = options;
    this.log = options.log;
  }

  get client(): GatewayClient | undefined {
    return this.state === 'ready' ? this.clientInstance : undefined;
  }

  async start(): Promise<void> {
    this.setState('starting', null);
    for (const dir of new Set([this.paths.dataDir, dirname(this.paths.socketPath), dirname(this.paths.tokenFile)])) ensurePrivateDir(dir);
    if (await this.tryAttach()) return;
    await this.spawnHost();
  }

  /** Stops the current host (if ours) and starts a fresh one. */
  async restart(): Promise<void> {
    this.restarts = 0;
    await this.stopChild();
    await this.start();
  }

  private async tryAttach(): Promise<boolean> {
    const token = readToken(this.paths.tokenFile);
    if (!token) return false;
    const client = new GatewayClient({ socketPath: this.paths.socketPath, token });
    try {
      await client.ready();
      this.log.info(`[${this.folder.name}] attached to the running host at ${this.paths.socketPath}`);
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
    const child = spawn(process.execPath, args, {
      cwd: this.folder.uri.fsPath,
      env: { ...process.env, ...extraEnvironment, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    this.log.info(`[${this.folder.name}] starting host pid=${child.pid ?? '?'} (${process.execPath})`);
    pipeLines(child, (line) => this.forwardLog(line));
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
    this.log.info(`[${this.folder.name}] host ready in ${this.startToReadyMs} ms`);
    this.restarts = 0;
    this.useClient(client);
  }

  private useClient(client: GatewayClient): void {
    this.clientInstance?.dispose();
    this.clientInstance = client;
    this.setState('ready', null);
  }

  private onExit(child: ChildProcess, why: string): void {
    if (this.child !== child) return;
    this.child = undefined;
    this.clientInstance?.dispose();
    this.clientInstance = undefined;
    if (this.disposed) return;
    this.log.warn(`[${this.folder.name}] host ${why}`);
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
    const text = `[${this.folder.name}] ${line}`;
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

  private async stopChild(): Promise<void> {
    clearTimeout(this.restartTimer);
    const child = this.child;
    this.child = undefined;
    this.clientInstance?.dispose();
    this.clientInstance = undefined;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => { child.kill('SIGKILL'); resolve(); }, 5_000);
      child.once('exit', () => { clearTimeout(timer); resolve(); });
      child.kill('SIGTERM');
    });
  }

  dispose(): void {
    this.disposed = true;
    void this.stopChild();
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

function pipeLines(child: ChildProcess, onLine: (line: string) => void): void {
  for (const stream of [child.stdout, child.stderr]) {
    let buffered = '';
    stream?.setEncoding('utf8');
    stream?.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (line.trim()) onLine(line);
    });
  }
}
