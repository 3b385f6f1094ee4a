import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeGlob, globToRegExp, isInside, pathMatchesGlob } from '../../../../host/approvals/pathGlob.ts';

const workspace = '/ws/OS-1';

describe('path globs of approval rules', () => {
  it('keeps * and ? inside one folder and lets ** span folders', () => {
    assert.equal(globToRegExp('src/*.ts').test('src/a.ts'), true);
    assert.equal(globToRegExp('src/*.ts').test('src/deep/a.ts'), false);
    assert.equal(globToRegExp('src/**/*.ts').test('src/deep/er/a.ts'), true);
    assert.equal(globToRegExp('src/**/*.ts').test('src/a.ts'), true, '**/ also matches no folder');
    assert.equal(globToRegExp('src/**').test('src'), true);
    assert.equal(globToRegExp('src/**').test('srcx/a'), false);
    assert.equal(globToRegExp('**/.env').test('a/b/.env'), true);
    assert.equal(globToRegExp('file?.[ch]').test('file1.c'), true);
    assert.equal(globToRegExp('a.b').test('axb'), false, 'a dot is literal');
  });

  it('matches relative globs inside the workspace only, absolute globs anywhere', () => {
    assert.equal(pathMatchesGlob('/ws/OS-1/docs/readme.md', 'docs/**', workspace), true);
    assert.equal(pathMatchesGlob('docs/readme.md', 'docs/**', workspace), true);
    assert.equal(pathMatchesGlob('/ws/OS-2/docs/readme.md', 'docs/**', workspace), false);
    assert.equal(pathMatchesGlob('/ws/OS-1/../OS-2/docs/x', '**', workspace), false);
    assert.equal(pathMatchesGlob('/etc/passwd', '/etc/**', workspace), true);
  });

  it('escapes literal folder names and knows what is inside', () => {
    assert.equal(globToRegExp(`${escapeGlob('/tmp/a[1]*')}/**`).test('/tmp/a[1]*/x'), true);
    assert.equal(isInside('/ws/OS-1/a', workspace), true);
    assert.equal(isInside('/ws/OS-10', workspace), false);
  });
});
