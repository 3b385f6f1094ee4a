// `serve --log-file`: the host writes its log to the file only once it holds the data folder, so a
// second host started on the same folder (two windows racing to start it) neither rotates nor
// writes the log of the host that runs there.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runHostUntilExit, startHostProcess, type HostUnderTest } from '../../fakes/hostProcess.ts';

describe('the host log file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'host-log-file-'));
  const workflow = join(dir, 'WORKFLOW.md');
  writeFileSync(workflow, '---\ntracker:\n  kind: local\n  active_states: []\n---\nprompt\n');
  writeFileSync(join(dir, 'issues.yaml'), 'issues: []\n');
  const dataDir = join(dir, 'data');
  const logFile = join(dataDir, 'host.log');
  let running: HostUnderTest | undefined;

  after(async () => {
    await running?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps the previous log as .1, and a second host on the folder leaves both alone', async () => {
    running = await startHostProcess({ workflow, dataDir, args: ['--log-file', logFile] });
    assert.match(readFileSync(logFile, 'utf8'), /INFO \[host\] ready/, 'the log goes to the file');
    assert.doesNotMatch(running.logs(), /\[host\] ready/, 'and not to stderr');
    await running.stop();
    const firstLog = readFileSync(logFile, 'utf8');
    assert.match(firstLog, /INFO \[host\] stopping/);

    running = await startHostProcess({ workflow, dataDir, args: ['--log-file', logFile] });
    assert.equal(readFileSync(`${logFile}.1`, 'utf8'), firstLog, 'the previous host\'s log is kept as host.log.1');
    const before = { log: readFileSync(logFile, 'utf8'), inode: statSync(logFile).ino, previous: readFileSync(`${logFile}.1`, 'utf8') };

    const loser = await runHostUntilExit({ workflow, dataDir, args: ['--log-file', logFile] });
    assert.equal(loser.code, 1);
    assert.match(loser.output, /data_in_use: another OpenSymphony host \(pid \d+\) runs on/, 'the refusal goes to stderr');
    assert.equal(statSync(logFile).ino, before.inode, 'host.log is the running host\'s file still');
    assert.equal(readFileSync(`${logFile}.1`, 'utf8'), before.previous, 'host.log.1 is untouched');
    assert.ok(readFileSync(logFile, 'utf8').startsWith(before.log), 'the running host\'s log is not rotated away');
    assert.doesNotMatch(readFileSync(logFile, 'utf8'), /data_in_use/, 'the loser wrote nothing into it');
    assert.equal(existsSync(`${logFile}.2`), false);
  });
});
