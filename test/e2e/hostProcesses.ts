// Which orchestrator host processes serve a given gateway socket, read from /proc: the reload flow
// checks that a reloaded window reattached to the same host instead of starting a second one.
import { readdirSync, readFileSync } from 'node:fs';

/** Pids of the processes whose command line is `... host.js serve ... --socket <socketPath> ...`. */
export function hostPidsServing(socketPath: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let args: string[];
    try {
      args = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
    } catch {
      continue; // exited meanwhile
    }
    const socketAt = args.indexOf('--socket');
    if (args.includes('serve') && socketAt >= 0 && args[socketAt + 1] === socketPath) pids.push(Number(entry));
  }
  return pids.sort((a, b) => a - b);
}
