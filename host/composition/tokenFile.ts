import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CodedError } from '../base/errors.ts';

/**
 * Reads the gateway token, creating a random one (0600) when the file does not exist. An existing
 * file that others can read is tightened to 0600, because the token grants full control.
 */
export function loadOrCreateToken(path: string): string {
  try {
    const token = readFileSync(path, 'utf8').trim();
    if (!token) throw new CodedError('invalid_token_file', `${path} is empty; delete it and the host will write a new token`);
    if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
    return token;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const token = randomBytes(32).toString('hex');
  writeFileSync(path, `${token}\n`, { mode: 0o600, flag: 'wx' });
  return token;
}
