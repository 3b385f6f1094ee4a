import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commandShape, programOf, startsWithWords } from '../../../../host/approvals/shellCommand.ts';
import { unwrapShellCommand } from '../../../../host/protocol/index.ts';

describe('shell command reading for approval rules', () => {
  it('unwraps the bash -lc wrapper Codex reports, with either quoting', () => {
    assert.equal(unwrapShellCommand("/bin/bash -lc 'echo hello > out.txt'"), 'echo hello > out.txt');
    assert.equal(unwrapShellCommand(`bash -c "npm test -- --grep \\"a b\\""`), 'npm test -- --grep "a b"');
    assert.equal(unwrapShellCommand("/bin/bash -lc 'it'\\''s'"), "it's");
    assert.equal(unwrapShellCommand('  npm test  '), 'npm test');
    assert.equal(unwrapShellCommand("bash -lc 'a' 'b'"), "bash -lc 'a' 'b'", 'two arguments are not a plain wrapper');
  });

  it('splits at control operators outside quotes and notices command substitution', () => {
    assert.deepEqual(commandShape('npm test && npm run lint; echo done | tee log').segments, ['npm test', 'npm run lint', 'echo done', 'tee log']);
    assert.deepEqual(commandShape("echo 'a; b && c'").segments, ["echo 'a; b && c'"]);
    assert.equal(commandShape('echo $(whoami)').substitutes, true);
    assert.equal(commandShape('echo `whoami`').substitutes, true);
    assert.equal(commandShape("echo '$(not run)'").substitutes, false);
    assert.deepEqual(commandShape('sleep 5 &\nls').segments, ['sleep 5', 'ls']);
  });

  it('matches prefixes at word boundaries only', () => {
    assert.equal(startsWithWords('npm test --watch', 'npm test'), true);
    assert.equal(startsWithWords('npm   test', 'npm test'), true);
    assert.equal(startsWithWords('npm testx', 'npm test'), false);
    assert.equal(startsWithWords('git', 'git'), true);
    assert.equal(startsWithWords('gitk', 'git'), false);
  });

  it('finds the program after variable assignments', () => {
    assert.equal(programOf('CI=1 FOO=bar npm test'), 'npm');
    assert.equal(programOf('echo hi'), 'echo');
  });
});
