import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';

/** The token a window presents to the folder's host, or undefined when there is none yet. */
export function readToken(tokenFile: string): string | undefined {
  try {
    return readFileSync(tokenFile, 'utf8').trim() || undefined;
  } catch {
    return undefined;
  }
}

/** The extension mints the token before the host starts, so it never has to wait for the file. */
export function ensureToken(tokenFile: string): string {
  const existing = readToken(tokenFile);
  if (existing) return existing;
  const token = randomBytes(32).toString('hex');
  writeFileSync(tokenFile, token + '\n', { mode: 0o600 });
  return token;
}

/** Creates a 0700 folder, or refuses one that another user owns or others can enter (the token lives there). */
export function ensurePrivateDir(dir: string): void {
  if (process.platform === 'win32') { mkdirSync(dir, { recursive: true }); return; }
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const info = statSync(dir);
  if (info.uid !== process.getuid?.() || (info.mode & 0o077) !== 0) {
    throw new Error(`${dir} is not private to you (owner ${info.uid}, mode ${(info.mode & 0o777).toString(8)}); remove it so OpenSymphony can create it with mode 0700`);
  }
}

/** The size of `path` now (0 when missing): where a later `appendedSince` starts. */
export function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** What a host that failed to start wrote to `path` after `offset`: its error lines, else its last lines. */
export function appendedSince(path: string, offset: number, maxLines = 10): string {
  try {
    const lines = readFileSync(path).subarray(offset).toString('utf8').split('\n').map((line) => line.trim()).filter(Boolean);
    const errors = lines.filter((line) => / ERROR /.test(line));
    return (errors.length ? errors : lines).slice(-maxLines).join('\n');
  } catch {
    return '';
  }
}
