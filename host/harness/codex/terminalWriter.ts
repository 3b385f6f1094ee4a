/** ANSI styles used for the run terminal; kept few so the output stays calm. */
export const Ansi = {
  reset: '\x1b[0m',
  bold: '\x1b[1m',
  dim: '\x1b[2m',
  red: '\x1b[31m',
  green: '\x1b[32m',
  yellow: '\x1b[33m',
  cyan: '\x1b[36m',
} as const;

/** Wraps text in ANSI styles, resetting afterwards. */
export function styled(text: string, ...styles: string[]): string {
  return `${styles.join('')}${text}${Ansi.reset}`;
}

/** Converts lone `\n` to `\r\n`, since a pseudoterminal does not translate newlines for us. */
export function toTerminalNewlines(text: string): string {
  return text.replace(/\r?\n/g, '\r\n');
}

/**
 * Writes agent and command output to the run's terminal, tracking the cursor column so that
 * status lines always start on a fresh line even after a delta that ended mid-line.
 */
export class TerminalWriter {
  private readonly output: (text: string) => void;
  private atLineStart = true;

  constructor(output: (text: string) => void) {
    this.output = output;
  }

  /** Streamed text (deltas), newlines converted, optionally styled; the style never spans the cursor check. */
  write(text: string, ...styles: string[]): void {
    if (!text) return;
    const converted = toTerminalNewlines(text);
    this.output(styles.length ? styled(converted, ...styles) : converted);
    this.atLineStart = text.endsWith('\n');
  }

  /** A whole line of its own, e.g. `$ command` or a status line. */
  line(text: string): void {
    this.endLine();
    this.output(`${toTerminalNewlines(text)}\r\n`);
    this.atLineStart = true;
  }

  /** Moves to a fresh line if the last write ended mid-line. */
  endLine(): void {
    if (this.atLineStart) return;
    this.output('\r\n');
    this.atLineStart = true;
  }
}
