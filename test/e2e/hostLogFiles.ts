// The logs a phase leaves behind that tell how its hosts were supervised: every host.log* of the
// folders' data directories and the extension's OpenSymphony output channel. A passing run removes
// its state, so they are copied to the artifacts, where the number of spawns per folder can be read.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';

/** Copies the host logs and the output channel under `userDataDir` into `target`; returns what it copied. */
export function keepHostLogs(userDataDir: string, target: string): string[] {
  if (!existsSync(userDataDir)) return [];
  const wanted = (file: string) => /^host\.(log(\.\d+)?|out)$/.test(basename(file)) || /OpenSymphony\.log$/.test(basename(file));
  const files = readdirSync(userDataDir, { recursive: true, encoding: 'utf8' }).filter(wanted);
  for (const file of files) {
    const copy = join(target, relative('.', file).replace(/[\\/]/g, '__'));
    mkdirSync(dirname(copy), { recursive: true });
    copyFileSync(join(userDataDir, file), copy);
  }
  return files;
}

/** The lines of the extension's own logs (OpenSymphony.log, one per extension host) under a code-server user-data folder that match `pattern`. */
export function extensionLogLines(userDataDir: string, pattern: RegExp): string[] {
  return logLines(userDataDir, 'OpenSymphony.log', pattern);
}

/** The lines of the extension hosts' own logs (remoteexthost.log: what VS Code says about extensions) that match `pattern`. */
export function extensionHostLogLines(userDataDir: string, pattern: RegExp): string[] {
  return logLines(userDataDir, 'remoteexthost.log', pattern);
}

function logLines(userDataDir: string, fileName: string, pattern: RegExp): string[] {
  if (!existsSync(userDataDir)) return [];
  return readdirSync(userDataDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => basename(file) === fileName)
    .flatMap((file) => readFileSync(join(userDataDir, file), 'utf8').split('\n'))
    .filter((line) => pattern.test(line));
}
