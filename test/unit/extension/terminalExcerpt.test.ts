import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { plainTerminalText, terminalExcerpt } from '../../../extension/panels/terminalExcerpt.ts';

const chunk = (seq: number, text: string) => ({ seq, data: Buffer.from(text, 'utf8').toString('base64') });

describe('terminal excerpt', () => {
  it('strips colours and resolves carriage-return overwrites', () => {
    assert.equal(plainTerminalText('\x1b[1m\x1b[33m$ echo hi\x1b[0m\r\nprogress 10%\rprogress 100%\n'), '$ echo hi\nprogress 100%\n');
  });

  it('keeps the last lines, across chunk boundaries and split UTF-8', () => {
    const bytes = Buffer.from('line 1\nline 2 ✎\nline 3\n', 'utf8');
    const snapshot = { schema_version: 1, stream_id: 'run-1', next_cursor: 2, head: 2, chunks: [
      { seq: 1, data: bytes.subarray(0, 14).toString('base64') }, { seq: 2, data: bytes.subarray(14).toString('base64') },
    ] };
    assert.deepEqual(terminalExcerpt(snapshot, 2), { text: 'line 2 ✎\nline 3', truncated: true });
    assert.deepEqual(terminalExcerpt({ ...snapshot, chunks: [chunk(1, 'only\n')] }, 5), { text: 'only', truncated: false });
  });
});
