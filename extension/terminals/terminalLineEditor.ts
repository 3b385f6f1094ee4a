/**
 * The input line of a run terminal: what the user types is echoed locally (the agent does not
 * echo), edited with Backspace and Ctrl+U, and handed over as a whole line on Enter, to be sent to
 * the agent as a user message. Ctrl+C only discards the line being typed: it never cancels the run
 * (that is the Cancel Run command). Arrow keys and other escape sequences are ignored.
 *
 * Agent output keeps arriving while the user types; `output()` lifts the half-typed line out of
 * the way and redraws it below, so the two never interleave. Plain data, no `vscode` import.
 */

export const INPUT_PROMPT = '\x1b[36m› \x1b[0m';
export const CTRL_C_HINT = '\x1b[2m(Ctrl+C clears the line you are typing; it does not stop the run. Use "Cancel Run" to stop it.)\x1b[0m\r\n';

const ERASE_LINE = '\r\x1b[2K';
const BELL = '\x07';

export interface EditorInput {
  /** What to write to the terminal to echo the keys. */
  echo: string;
  /** Lines the user finished with Enter, trimmed, non-empty. */
  lines: string[];
}

export class TerminalLineEditor {
  /** Code points of the line being typed. */
  private line: string[] = [];
  /** True while the prompt is on screen (the user started typing). */
  private prompting = false;
  /** Whether the last output left the cursor at the start of a line. */
  private atLineStart = true;
  private hinted = false;
  private readonly maxChars: number;

  constructor(maxChars: number) {
    this.maxChars = maxChars;
  }

  /** The line typed so far. */
  get pending(): string {
    return this.line.join('');
  }

  /** Handles the keys of one `handleInput` call (a key, an escape sequence, or pasted text). */
  input(data: string): EditorInput {
    const result: EditorInput = { echo: '', lines: [] };
    const chars = [...data];
    for (let index = 0; index < chars.length; index++) {
      const char = chars[index]!;
      if (char === '\x1b') { index = skipEscapeSequence(chars, index); continue; }
      if (char === '\r' || char === '\n') {
        if (char === '\r' && chars[index + 1] === '\n') index++;
        this.submit(result);
      } else if (char === '\x7f' || char === '\b') result.echo += this.backspace();
      else if (char === '\x15') result.echo += this.clearLine();
      else if (char === '\x03') result.echo += this.interrupt();
      else if (char >= ' ') result.echo += this.insert(char);
    }
    return result;
  }

  /** Wraps agent output so a half-typed line is erased first and redrawn after it. */
  output(text: string): string {
    if (!text) return '';
    if (!this.prompting) {
      this.atLineStart = /\n$/.test(text);
      return text;
    }
    const newline = /\n$/.test(text) ? '' : '\r\n';
    return `${ERASE_LINE}${text}${newline}${INPUT_PROMPT}${this.pending}`;
  }

  private insert(char: string): string {
    if (this.line.length >= this.maxChars) return BELL;
    const opening = this.prompting ? '' : `${this.atLineStart ? '' : '\r\n'}${INPUT_PROMPT}`;
    this.prompting = true;
    this.line.push(char);
    return opening + char;
  }

  private backspace(): string {
    if (!this.line.length) return '';
    this.line.pop();
    return '\b \b';
  }

  private clearLine(): string {
    const erased = '\b \b'.repeat(this.line.length);
    this.line = [];
    return erased;
  }

  private interrupt(): string {
    const hint = this.hinted ? '' : CTRL_C_HINT;
    this.hinted = true;
    if (this.prompting) { this.reset(); return `^C\r\n${hint}`; }
    if (!hint) return '';
    const echo = `${this.atLineStart ? '' : '\r\n'}${hint}`;
    this.atLineStart = true;
    return echo;
  }

  private submit(result: EditorInput): void {
    if (!this.prompting) return;
    const text = this.pending.trim();
    result.echo += '\r\n';
    if (text) result.lines.push(text);
    this.reset();
  }

  private reset(): void {
    this.line = [];
    this.prompting = false;
    this.atLineStart = true;
  }
}

/** Index of the last character of the escape sequence starting at `start` (CSI, SS3, or ESC + one). */
function skipEscapeSequence(chars: readonly string[], start: number): number {
  const next = chars[start + 1];
  if (next === '[') {
    let index = start + 2;
    while (index < chars.length && !/[@-~]/.test(chars[index]!)) index++;
    return index;
  }
  if (next === 'O') return Math.min(start + 2, chars.length - 1);
  return next === undefined ? start : start + 1;
}
