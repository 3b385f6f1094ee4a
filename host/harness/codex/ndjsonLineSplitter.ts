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
 * The cap counts UTF-16 characters, which bounds memory just as well as bytes would.
 */
export class NdjsonLineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private pending = '';
  private readonly maxLineChars: number;

  constructor(maxLineChars = DEFAULT_MAX_LINE_CHARS) {
    this.maxLineChars = maxLineChars;
  }

  /** Returns the complete lines in `chunk` (without newlines); throws LineOverflowError (`protocol_error`) past the cap. */
  push(chunk: Buffer): string[] {
    const text = this.pending + this.decoder.write(chunk);
    const parts = text.split('\n');
    this.pending = parts.pop() ?? '';
    const overflowing = [...parts, this.pending].find((line) => line.length > this.maxLineChars);
    if (overflowing !== undefined) {
      this.pending = '';
      throw new LineOverflowError(this.maxLineChars, overflowing.slice(0, OVERFLOW_SAMPLE_CHARS));
    }
    return parts.map(stripCarriageReturn).filter((line) => line.length > 0);
  }
}

function stripCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
