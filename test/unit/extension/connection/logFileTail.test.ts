import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { LogFileTail } from '../../../../extension/connection/logFileTail.ts';

describe('LogFileTail', () => {
  let dir = '';
  let tails: LogFileTail[] = [];
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'log-tail-')); tails = []; });
  afterEach(() => { for (const tail of tails) tail.dispose(); rmSync(dir, { recursive: true, force: true }); });

  function follow(path: string, fromStart: boolean): string[] {
    const lines: string[] = [];
    tails.push(new LogFileTail(path, (line) => lines.push(line), { fromStart }));
    return lines;
  }

  it('reads the whole file of a host this window started, then each complete line appended', () => {
    const path = join(dir, 'host.log');
    writeFileSync(path, 'one\ntwo\n');
    const lines = follow(path, true);
    appendFileSync(path, 'three\nfour-with');
    tails[0]!.readNew();
    appendFileSync(path, 'out-newline\n');
    tails[0]!.readNew();
    assert.deepEqual(lines, ['one', 'two', 'three', 'four-without-newline']);
  });

  it('skips what a reattached host wrote before this window came', () => {
    const path = join(dir, 'host.log');
    writeFileSync(path, 'old\n');
    const lines = follow(path, false);
    appendFileSync(path, 'new\n');
    tails[0]!.readNew();
    assert.deepEqual(lines, ['new']);
  });

  it('starts over when the file is replaced by a shorter one, and waits for a file that does not exist yet', () => {
    const path = join(dir, 'host.log');
    const lines = follow(path, false);
    writeFileSync(path, 'first run, a long line\n');
    tails[0]!.readNew();
    writeFileSync(path, 'second\n');
    tails[0]!.readNew();
    assert.deepEqual(lines, ['first run, a long line', 'second']);
  });

  it('reads a log rotated by a new host from the start of the new file, even when it is already longer', () => {
    const path = join(dir, 'host.log');
    writeFileSync(path, 'old host\n');
    const lines = follow(path, false);
    renameSync(path, `${path}.1`);
    writeFileSync(path, 'new host starts\nnew host ready\n');
    tails[0]!.readNew();
    assert.deepEqual(lines, ['new host starts', 'new host ready']);
  });
});
