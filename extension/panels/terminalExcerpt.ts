import type { TerminalSnapshot } from '../../host/protocol/index.ts';
import type { RunTextView } from '../../host/protocol/runView.ts';

/** Lines of terminal output the run panel shows. */
export const TERMINAL_EXCERPT_LINES = 40;

// CSI sequences (colours, cursor moves), OSC sequences (titles, links) and other two-byte escapes.
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

/** Terminal text without escape sequences, with carriage-return overwrites resolved per line. */
export function plainTerminalText(raw: string): string {
  return raw.replace(ANSI, '').split('\n').map((line) => {
    const withoutCr = line.endsWith('\r') ? line.slice(0, -1) : line;
    return withoutCr.slice(withoutCr.lastIndexOf('\r') + 1);
  }).join('\n');
}

/** The last `lines` lines of a terminal snapshot's output, as plain text. */
export function terminalExcerpt(snapshot: TerminalSnapshot, lines = TERMINAL_EXCERPT_LINES, hasEarlierChunks = false): RunTextView {
  const decoder = new TextDecoder();
  let raw = '';
  for (const chunk of snapshot.chunks) raw += decoder.decode(Buffer.from(chunk.data, 'base64'), { stream: true });
  raw += decoder.decode();
  const all = plainTerminalText(raw).replace(/\n+$/, '').split('\n');
  const tail = all.slice(-lines);
  return { text: tail.join('\n'), truncated: hasEarlierChunks || all.length > lines };
}
