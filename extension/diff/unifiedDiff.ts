/** One hunk of a unified diff: where it sits in both files and its lines (first character: ' ', '-', '+'). */
interface Hunk {
  oldStart: number;
  oldLength: number;
  newStart: number;
  newLength: number;
  lines: string[];
  /** Set when "\ No newline at end of file" follows the hunk's last old-side line. */
  oldEndsWithoutNewline: boolean;
}

const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

function parseHunks(diff: string): Hunk[] {
  const hunks: Hunk[] = [];
  let current: Hunk | undefined;
  let lastSide: ' ' | '-' | '+' | undefined;
  for (const line of diff.split('\n')) {
    const header = HUNK_HEADER.exec(line);
    if (header) {
      current = { oldStart: Number(header[1]), oldLength: Number(header[2] ?? 1), newStart: Number(header[3]), newLength: Number(header[4] ?? 1), lines: [], oldEndsWithoutNewline: false };
      hunks.push(current);
      continue;
    }
    if (!current) continue;
    if (line.startsWith('\\')) { if (lastSide === '-' || lastSide === ' ') current.oldEndsWithoutNewline = true; continue; }
    const side = line[0];
    if (side === ' ' || side === '-' || side === '+') { current.lines.push(line); lastSide = side; }
  }
  return hunks;
}

/** Whether `text` is a unified diff with at least one hunk (not, say, a recorded file's content). */
export function hasHunks(text: string): boolean {
  return text.split('\n').some((line) => HUNK_HEADER.test(line));
}

/**
 * The file as it was before `diff` (old → new), rebuilt from the file as it is now: each hunk's
 * new-side lines are replaced by its old-side lines. Undefined when the current text no longer
 * matches the diff (the file changed since), so the caller can fall back to showing the diff itself.
 */
export function reverseApplyUnifiedDiff(currentText: string, diff: string): string | undefined {
  const hunks = parseHunks(diff);
  if (hunks.length === 0) return diff.trim() === '' ? currentText : undefined;
  const current = currentText === '' ? [] : currentText.replace(/\n$/, '').split('\n');
  const old: string[] = [];
  let cursor = 0;
  let oldEndsWithoutNewline = false;
  for (const hunk of hunks) {
    const start = hunk.newLength === 0 ? hunk.newStart : hunk.newStart - 1;
    if (start < cursor || start > current.length) return undefined;
    old.push(...current.slice(cursor, start));
    cursor = start;
    for (const line of hunk.lines) {
      const text = line.slice(1);
      if (line[0] === '-') { old.push(text); continue; }
      if (current[cursor] !== text) return undefined;
      if (line[0] === ' ') old.push(text);
      cursor++;
    }
    oldEndsWithoutNewline = hunk.oldEndsWithoutNewline;
  }
  old.push(...current.slice(cursor));
  if (old.length === 0) return '';
  const tailUnchanged = cursor < current.length;
  const endsWithNewline = tailUnchanged ? currentText.endsWith('\n') : !oldEndsWithoutNewline;
  return old.join('\n') + (endsWithNewline ? '\n' : '');
}
