import { StringDecoder } from 'node:string_decoder';
import { CodexError, CodexErrorCodes } from './codexErrors.ts';

/** Symphony recommends a 10 MB cap on one protocol line (spec digest §6). */
export const DEFAULT_MAX_LINE_CHARS = 10 * 1024 * 1024;
/** How much of an over-long line is kept for diagnosis. */
export const OVERFLOW_SAMPLE_CHARS = 64 * 1024;

/** A line passed the cap; `sample` is its start, kept as a raw payload. */
export class LineOverflowError extends CodexError {
  readonly sample: string;

  constructor(maxLineChars: number, sample: string) {
    super(CodexErrorCodes.protocolError, `codex app-server wrote a stdout line longer than ${maxLineChars} characters; the stream is not usable.`);
    this.sample = sample;
  }
}

/**
 * Splits a byte stream into lines, keeping a partial line until its newline arrives.
 * The cap counts UTF-16 characters, which bounds memory just as well as bytes would. A partial
 * line is kept as its chunks, and only new text is searched for newlines, so a huge line costs
 * linear time (re-scanning it on every chunk made a 10 MB line take seconds).
 */
export class NdjsonLineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pendingParts: string[] = [];
  private pendingLength = 0;
  private readonly maxLineChars: number;

  constructor(maxLineChars = DEFAULT_MAX_LINE_CHARS) {
    this.maxLineChars = maxLineChars;
  }

  /** Returns the complete lines in `chunk` (without newlines); throws LineOverflowError (`protocol_error`) past the cap. */
  push(chunk: Buffer): string[] {
    const text = this.decoder.write(chunk);
    const lines: string[] = [];
    let start = 0;
    for (let newline = text.indexOf('\n'); newline !== -1; newline = text.indexOf('\n', start)) {
      this.keep(text.slice(start, newline));
      const line = this.pendingParts.join('');
      this.pendingParts = [];
      this.pendingLength = 0;
      lines.push(line);
      start = newline + 1;
    }
    this.keep(text.slice(start));
    return lines.map(stripCarriageReturn).filter((line) => line.length > 0);
  }

  private keep(text: string): void {
    if (!text) return;
    this.pendingParts.push(text);
    this.pendingLength += text.length;
    if (this.pendingLength <= this.maxLineChars) return;
    const sample = this.pendingParts.join('').slice(0, OVERFLOW_SAMPLE_CHARS);
    this.pendingParts = [];
    this.pendingLength = 0;
    throw new LineOverflowError(this.maxLineChars, sample);
  }
}

function stripCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
