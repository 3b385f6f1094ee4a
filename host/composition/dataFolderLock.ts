import { mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CodedError } from '../base/errors.ts';

/** Held while a host runs on a data folder; release it on stop. */
export interface DataFolderLock {
  release(): void;
}

/**
 * One host per data folder. Two hosts on one journal would both number events (each keeps the
 * next seq in memory) and one of them would fail every append from then on, so the second host
 * stops before it opens anything. The lock file names the owner's pid; a lock whose owner is gone
 * (a crash) is taken over.
 */
export function lockDataFolder(dataDir: string, pid = process.pid): DataFolderLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'host.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(path, `${pid}\n`, { flag: 'wx', mode: 0o600 });
      return { release: () => releaseIfOwned(path, pid) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = ownerOf(path);
      if (owner !== undefined && owner !== pid && isAlive(owner)) {
        throw new CodedError('data_in_use', `another OpenSymphony host (pid ${owner}) runs on ${dataDir}; attach to it or stop it before starting a new one`);
      }
      releaseIfOwned(path, owner);
    }
  }
  throw new CodedError('data_in_use', `could not take ${path}; another host may be starting on ${dataDir}`);
}

function ownerOf(path: string): number | undefined {
  try {
    const pid = Number(readFileSync(path, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function releaseIfOwned(path: string, pid: number | undefined): void {
  if (ownerOf(path) !== pid) return;
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
