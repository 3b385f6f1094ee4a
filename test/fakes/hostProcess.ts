import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { GatewayClient } from '../../host/client/gatewayClient.ts';

const repoRoot = join(import.meta.dirname, '..', '..');

export interface HostUnderTest {
  child: ChildProcess;
  client: GatewayClient;
  socketPath: string;
  tokenFile: string;
  /** Everything the host wrote to stderr so far. */
  logs(): string;
  /** Sends SIGTERM and resolves with the exit code (SIGKILL after the bound). */
  stop(timeoutMs?: number): Promise<number | null>;
}

interface HostOptions {
  workflow: string;
  dataDir: string;
  socketPath?: string;
  /** Added to the host's environment (as the extension adds stored credentials). */
  env?: Record<string, string>;
  /** More `serve` flags. */
  args?: string[];
}

function spawnHost(options: HostOptions): { child: ChildProcess; socketPath: string; tokenFile: string } {
  const socketPath = options.socketPath ?? join(options.dataDir, 'gateway.sock');
  const tokenFile = join(options.dataDir, 'token');
  const child = spawn(process.execPath, ['--disable-warning=MODULE_TYPELESS_PACKAGE_JSON', join(repoRoot, 'host', 'main.ts'), 'serve',
    '--workflow', options.workflow, '--data', options.dataDir, '--socket', socketPath, '--token-file', tokenFile, '--log-level', 'debug', ...(options.args ?? [])],
  { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
  return { child, socketPath, tokenFile };
}

/** Runs a host that is expected to stop on its own (bad configuration); resolves with its exit code and output. */
export async function runHostUntilExit(options: HostOptions, timeoutMs = 20_000): Promise<{ code: number | null; output: string }> {
  const { child } = spawnHost(options);
  let output = '';
  child.stderr!.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(timer);
  return { code, output };
}

/** Spawns the real host CLI (from source, on this Node) and waits until its gateway is ready. */
export async function startHostProcess(options: HostOptions): Promise<HostUnderTest> {
  const { child, socketPath, tokenFile } = spawnHost(options);
  let logs = '';
  child.stderr!.on('data', (chunk: Buffer) => { logs += chunk.toString(); });
  child.stdout!.on('data', (chunk: Buffer) => { logs += chunk.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const { readFile } = await import('node:fs/promises');
  const token = await waitFor(async () => (await readFile(tokenFile, 'utf8').catch(() => '')).trim(), exited, () => logs).catch((error: Error) => {
    // A host that never got as far as its token must not outlive the test.
    child.kill('SIGKILL');
    throw error;
  });
  const client = new GatewayClient({ socketPath, token });
  const abort = new AbortController();
  void exited.then(() => abort.abort());
  try {
    await client.waitForReady({ timeoutMs: 20_000, signal: abort.signal });
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`host did not get ready: ${(error as Error).message}\n${logs}`);
  }
  return {
    child, client, socketPath, tokenFile,
    logs: () => logs,
    async stop(timeoutMs = 10_000) {
      client.dispose();
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
}

/** Polls `read` until it returns a non-empty value, failing fast when the host exits first. */
async function waitFor(read: () => Promise<string>, exited: Promise<number | null>, logs: () => string): Promise<string> {
  let exitCode: number | null | undefined;
  void exited.then((code) => { exitCode = code; });
  const deadline = Date.now() + 20_000;
  for (let delay = 10; Date.now() < deadline; delay = Math.min(delay * 2, 200)) {
    const value = await read();
    if (value) return value;
    if (exitCode !== undefined) throw new Error(`host exited with ${exitCode} before writing its token:\n${logs()}`);
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
  throw new Error(`host wrote no token within 20 s:\n${logs()}`);
}
