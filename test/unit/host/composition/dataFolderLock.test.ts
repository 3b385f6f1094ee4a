import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { lockDataFolder } from '../../../../host/composition/dataFolderLock.ts';

/** A pid no process has (Linux's largest possible pid). */
const DEAD_PID = 4_194_304;

describe('lockDataFolder', () => {
  let dir = '';
  beforeEach(() => { dir = join(mkdtempSync(join(tmpdir(), 'data-lock-')), 'data'); });
  afterEach(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

  it('lets one host hold a data folder; a second host is refused with data_in_use and the owner pid', () => {
    const lock = lockDataFolder(dir, process.pid);
    assert.throws(() => lockDataFolder(dir, process.ppid), (error: Error & { code?: string }) => error.code === 'data_in_use' && error.message.includes(`pid ${process.pid}`));
    lock.release();
    assert.equal(existsSync(join(dir, 'host.lock')), false);
    lockDataFolder(dir, process.ppid).release();
  });

  it('takes over the lock of a host that died without releasing it', () => {
    lockDataFolder(dir, process.pid).release();
    writeFileSync(join(dir, 'host.lock'), `${DEAD_PID}\n`);
    const lock = lockDataFolder(dir, process.pid);
    assert.equal(readFileSync(join(dir, 'host.lock'), 'utf8').trim(), String(process.pid));
    lock.release();
  });

  it('release leaves a lock another host took meanwhile', () => {
    const lock = lockDataFolder(dir, process.pid);
    writeFileSync(join(dir, 'host.lock'), `${process.ppid}\n`);
    lock.release();
    assert.equal(readFileSync(join(dir, 'host.lock'), 'utf8').trim(), String(process.ppid));
  });
});
