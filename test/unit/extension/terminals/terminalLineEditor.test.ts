import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CTRL_C_HINT, INPUT_PROMPT, TerminalLineEditor } from '../../../../extension/terminals/terminalLineEditor.ts';

describe('run terminal input line', () => {
  it('echoes typed keys after a prompt and hands over the line on Enter', () => {
    const editor = new TerminalLineEditor(100);
    assert.deepEqual(editor.input('h'), { echo: `${INPUT_PROMPT}h`, lines: [] });
    assert.deepEqual(editor.input('i'), { echo: 'i', lines: [] });
    assert.deepEqual(editor.input('\r'), { echo: '\r\n', lines: ['hi'] });
    assert.equal(editor.pending, '');
  });

  it('edits with Backspace (DEL or BS) and Ctrl+U, by code point', () => {
    const editor = new TerminalLineEditor(100);
    editor.input('ab😀');
    assert.equal(editor.input('\x7f').echo, '\b \b');
    assert.equal(editor.pending, 'ab');
    assert.equal(editor.input('\b').echo, '\b \b');
    assert.equal(editor.input('cd\x15').echo, 'cd' + '\b \b'.repeat(3));
    assert.equal(editor.pending, '');
    assert.equal(editor.input('\x7f').echo, '', 'nothing to erase');
  });

  it('submits each line of pasted text, CRLF counting once, and drops blank lines', () => {
    const editor = new TerminalLineEditor(100);
    const { lines } = editor.input('first\r\nsecond\n  \rthird');
    assert.deepEqual(lines, ['first', 'second']);
    assert.equal(editor.pending, 'third');
  });

  it('ignores arrow keys and other escape sequences and control characters', () => {
    const editor = new TerminalLineEditor(100);
    const { echo } = editor.input('a\x1b[A\x1b[1;5C\x1bOPb\tc');
    assert.equal(editor.pending, 'abc');
    assert.equal(echo, `${INPUT_PROMPT}abc`);
  });

  it('Ctrl+C discards the typed line and explains once that the run goes on; it sends nothing', () => {
    const editor = new TerminalLineEditor(100);
    editor.input('stop it');
    assert.deepEqual(editor.input('\x03'), { echo: `^C\r\n${CTRL_C_HINT}`, lines: [] });
    assert.equal(editor.pending, '');
    editor.input('again');
    assert.deepEqual(editor.input('\x03'), { echo: '^C\r\n', lines: [] }, 'the hint is shown once');
    assert.deepEqual(editor.input('\x03'), { echo: '', lines: [] }, 'nothing typed, hint given: nothing to do');
  });

  it('rings the bell instead of growing past the longest message the gateway accepts', () => {
    const editor = new TerminalLineEditor(3);
    assert.equal(editor.input('abcd').echo, `${INPUT_PROMPT}abc\x07`);
    assert.deepEqual(editor.input('\r').lines, ['abc']);
  });

  it('passes output through untouched while nobody types, and opens the prompt on a fresh line', () => {
    const editor = new TerminalLineEditor(100);
    assert.equal(editor.output('working'), 'working');
    assert.equal(editor.input('x').echo, `\r\n${INPUT_PROMPT}x`, 'the output left the cursor mid-line');
    editor.input('\r');
    assert.equal(editor.output('done\r\n'), 'done\r\n');
    assert.equal(editor.input('y').echo, `${INPUT_PROMPT}y`);
  });

  it('lifts a half-typed line out of the way of output and redraws it below', () => {
    const editor = new TerminalLineEditor(100);
    editor.input('fix the');
    assert.equal(editor.output('agent: running tests\r\n'), `\r\x1b[2Kagent: running tests\r\n${INPUT_PROMPT}fix the`);
    assert.equal(editor.output('partial'), `\r\x1b[2Kpartial\r\n${INPUT_PROMPT}fix the`);
    assert.deepEqual(editor.input(' build\r').lines, ['fix the build']);
  });
});
