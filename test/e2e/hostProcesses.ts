// Which orchestrator host processes serve a given gateway socket, read from /proc: the reload flow
// checks that a reloaded window reattached to the same host instead of starting a second one.
import { readdirSync, readFileSync } from 'node:fs';

/** Pids of the processes whose command line is `... host.js serve ... --socket <socketPath> ...`. */
export function hostPidsServing(socketPath: string): number[] {
  return hostPidsWhere((args) => args[args.indexOf('--socket') + 1] === socketPath);
}

/**
 * Pids of the hosts whose `--data` folder lies under `dir`. The extension starts its hosts detached
 * (they outlive a window reload), so stopping code-server does not stop them: the run stops them.
 */
export function hostPidsUnder(dir: string): number[] {
  return hostPidsWhere((args) => args[args.indexOf('--data') + 1]?.startsWith(`${dir}/`) === true);
}

function hostPidsWhere(matches: (args: string[]) => boolean): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // exited meanwhile
    }
    if (args.includes('serve') && matches(args)) pids.push(Number(entry));
  }
  return pids.sort((a, b) => a - b);
}
