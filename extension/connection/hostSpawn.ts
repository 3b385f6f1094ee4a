import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import type { HostPaths } from './hostPaths.ts';

/**
 * How long a host with no window attached keeps running: far longer than a window reload, short
 * enough that a closed window does not leave a host behind for the rest of the day.
 */
export const UNATTENDED_GRACE_SECONDS = 600;

export interface HostSpawn {
  /** dist/host.js of this extension. */
  hostScript: string;
  paths: HostPaths;
  /** The workspace folder: the host's working directory. */
  cwd: string;
  logLevel: string;
  logFile: string;
  /** Where the host's stdout and stderr go (appended): what it says outside its log. */
  outputFile: string;
  exposedPort: number | null;
  environment: Record<string, string>;
}

/**
 * Starts `host.js serve` with VS Code's own runtime, detached from the window so that it outlives a
 * reload. The host rotates and writes its log file itself once it holds the data folder, so a host
 * that finds the folder taken leaves the log of the one that holds it alone.
 */
export function spawnHostProcess(options: HostSpawn): ChildProcess {
  const { paths } = options;
  const args = [options.hostScript, 'serve', '--workflow', paths.workflowPath, '--data', paths.dataDir, '--socket', paths.socketPath,
    '--token-file', paths.tokenFile, '--log-level', options.logLevel, '--log-file', options.logFile];
  if (options.exposedPort !== null) args.push('--listen', `127.0.0.1:${options.exposedPort}`);
  args.push('--exit-unattended', String(UNATTENDED_GRACE_SECONDS));
  const output = openSync(options.outputFile, 'a', 0o600);
  try {
    const child = spawn(process.execPath, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.environment, ELECTRON_RUN_AS_NODE: '1' },
      stdio: ['ignore', output, output],
      detached: true,
      windowsHide: true,
    });
    child.unref();
    return child;
  } finally {
    closeSync(output);
  }
}
