import { CodedError, errorMessage } from '../../base/errors.ts';
import type { HarnessSink } from '../harnessAdapter.ts';
import { CodexErrorCodes } from './codexErrors.ts';
import { truncateText } from './compactPayload.ts';
import { reportNote } from './codexSessionReports.ts';
import type { LineOverflowError } from './ndjsonLineSplitter.ts';

const RECENT_LINES = 20;
const MAX_LINE_CHARS = 4_000;
/** Lines that are not JSON-RPC kept raw per session (the first fails it; a few more may already be in flight). */
export const MAX_MALFORMED_LINES = 10;
/** Messages of one unknown method kept raw per session; a newer server streaming one must not flood the journal. */
export const MAX_RAW_PER_UNKNOWN_METHOD = 20;

/**
 * What a failed Codex session leaves for diagnosis: the last stdout lines, the stderr tail and the
 * error, kept together as one raw payload; plus each malformed stdout line, kept raw as it came.
 */
export class CodexDiagnostics {
  private readonly recent: string[] = [];
  private readonly sink: HarnessSink;
  private malformedCount = 0;
  private readonly unknownCounts = new Map<string, number>();

  constructor(sink: HarnessSink) {
    this.sink = sink;
  }

  get malformedLines(): number {
    return this.malformedCount;
  }

  /** Remembers one stdout line (capped) among the last few. */
  noteLine(line: string): void {
    this.recent.push(truncateText(line, MAX_LINE_CHARS));
    if (this.recent.length > RECENT_LINES) this.recent.shift();
  }

  /** Keeps a malformed line raw and reports it; returns how many the session has seen. */
  malformed(line: string, reason: string): number {
    this.malformedCount++;
    if (this.malformedCount > MAX_MALFORMED_LINES) return this.malformedCount;
    const rawRef = this.sink.raw('codex/malformed', line);
    reportNote(this.sink, 'malformed stdout line', { method: 'codex/malformed', reason, line: truncateText(line, 500), count: this.malformedCount }, rawRef);
    return this.malformedCount;
  }

  /** Keeps a message of a method the pinned protocol does not define; null once that method used its budget. */
  keepUnknown(source: string, method: string, body: () => string): string | null {
    const count = (this.unknownCounts.get(method) ?? 0) + 1;
    this.unknownCounts.set(method, count);
    return count > MAX_RAW_PER_UNKNOWN_METHOD ? null : this.sink.raw(source, body());
  }

  /** Keeps the start of a line over the cap, and reports it. */
  keepOverflow(error: LineOverflowError): void {
    const rawRef = this.sink.raw('codex/stdout_overflow', error.sample);
    reportNote(this.sink, 'stdout line over the cap', { method: 'codex/stdout_overflow', message: error.message, sample_chars: error.sample.length }, rawRef);
  }

  /** Keeps why the session could not start (with the stderr tail), and reports it. */
  keepStartupFailure(error: unknown, stderrTail: readonly string[]): void {
    const failure = { code: error instanceof CodedError ? error.code : CodexErrorCodes.responseError, message: errorMessage(error) };
    const rawRef = this.keepFailure(failure, stderrTail);
    reportNote(this.sink, `codex session failed to start: ${truncateText(failure.message, 200)}`, { method: 'opensymphony/startup_failed', ...failure }, rawRef);
  }

  /** Keeps the failure's context raw; returns the ref for the event that reports the failure. */
  keepFailure(error: { code: string; message: string }, stderrTail: readonly string[]): string | null {
    return this.sink.raw('codex/failure', JSON.stringify({ error, stderr_tail: stderrTail, last_stdout_lines: this.recent }));
  }
}
