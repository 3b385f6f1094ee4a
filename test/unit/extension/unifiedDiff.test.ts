import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { reverseApplyUnifiedDiff } from '../../../extension/diff/unifiedDiff.ts';

describe('reverseApplyUnifiedDiff', () => {
  it('rebuilds the base of a modified file', () => {
    const base = 'one\ntwo\nthree\nfour\nfive\nsix\nseven\neight\n';
    const now = 'one\ntwo\nTHREE\nfour\nfive\nsix\nseven\neight\nnine\n';
    const diff = [
      '--- a/file.txt', '+++ b/file.txt',
      '@@ -1,5 +1,5 @@', ' one', ' two', '-three', '+THREE', ' four', ' five',
      '@@ -7,2 +7,3 @@', ' seven', ' eight', '+nine', '',
    ].join('\n');
    assert.equal(reverseApplyUnifiedDiff(now, diff), base);
  });

  it('gives an empty base for an added file and the whole old text for a deleted one', () => {
    assert.equal(reverseApplyUnifiedDiff('hello from DEMO-3\n', '--- /dev/null\n+++ b/greeting.txt\n@@ -0,0 +1 @@\n+hello from DEMO-3\n'), '');
    assert.equal(reverseApplyUnifiedDiff('', '--- a/gone.txt\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-first\n-second\n'), 'first\nsecond\n');
  });

  it('keeps a missing final newline of the base', () => {
    const diff = '@@ -1 +1 @@\n-old\n\\ No newline at end of file\n+new\n';
    assert.equal(reverseApplyUnifiedDiff('new\n', diff), 'old');
  });

  it('refuses when the file no longer matches the diff', () => {
    assert.equal(reverseApplyUnifiedDiff('something else\n', '@@ -1 +1 @@\n-old\n+new\n'), undefined);
  });
});
