import { StringDecoder } from 'node:string_decoder';
import { CodexError, CodexErrorCodes } from './codexErrors.ts';

/** Symphony recommends a 10 MB cap on one protocol line (spec digest §6). */
export const DEFAULT_MAX_LINE_CHARS = 10 * 1024 * 1024;

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

  /** Returns the complete lines in `chunk` (without newlines); throws `protocol_error` past the cap. */
  push(chunk: Buffer): string[] {
    const text = this.pending + this.decoder.write(chunk);
    const parts = text.split('\n');
    this.pending = parts.pop() ?? '';
    if (this.pending.length > this.maxLineChars || parts.some((line) => line.length > this.maxLineChars)) {
      this.pending = '';
      throw new CodexError(
        CodexErrorCodes.protocolError,
        `codex app-server wrote a stdout line longer than ${this.maxLineChars} characters; the stream is not usable.`,
      );
    }
    return parts.map(stripCarriageReturn).filter((line) => line.length > 0);
  }
}

function stripCarriageReturn(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}
