// Just enough shell reading to match approval rules and spot risks: split a command line at its
// control operators, and tell whether it substitutes commands (the `bash -lc '…'` wrapper is
// unwrapped by host/protocol's unwrapShellCommand). It is not a shell parser; wherever it cannot be
// sure, callers treat the command as "ask a human".

/** What one scan of a command line found. */
export interface CommandShape {
  /** The simple commands between `;`, `&&`, `||`, `|`, `&` and newlines, trimmed, empty ones dropped. */
  segments: string[];
  /** `$(…)` or backticks outside single quotes: the line runs commands nobody can see in it. */
  substitutes: boolean;
}

/** Splits a command line at its control operators, honouring quotes. */
export function commandShape(command: string): CommandShape {
  const segments: string[] = [];
  let current = '';
  let quote: "'" | '"' | null = null;
  let substitutes = false;
  for (let index = 0; index < command.length; index++) {
    const char = command[index]!;
    const next = command[index + 1];
    if (quote === "'") {
      if (char === "'") quote = null;
    } else if (char === '\\') {
      current += char + (next ?? '');
      index++;
      continue;
    } else if (char === "'" && quote === null) {
      quote = "'";
    } else if (char === '"') {
      quote = quote === '"' ? null : '"';
    } else if (char === '`' || (char === '$' && next === '(')) {
      substitutes = true;
    } else if (quote === null && (char === ';' || char === '|' || char === '&' || char === '\n')) {
      segments.push(current);
      current = '';
      if ((char === '|' || char === '&') && next === char) index++;
      continue;
    }
    current += char;
  }
  segments.push(current);
  return { segments: segments.map((segment) => segment.trim()).filter((segment) => segment.length > 0), substitutes };
}

/** True when `command` starts with `prefix` at a word boundary (whitespace runs count as one space). */
export function startsWithWords(command: string, prefix: string): boolean {
  const normalizedCommand = command.trim().replace(/\s+/g, ' ');
  const normalizedPrefix = prefix.trim().replace(/\s+/g, ' ');
  if (!normalizedPrefix) return false;
  return normalizedCommand === normalizedPrefix || normalizedCommand.startsWith(`${normalizedPrefix} `)
    || (/\s$/.test(prefix) && normalizedCommand.startsWith(normalizedPrefix));
}

/** The program a simple command runs: its first word, skipping `VAR=value` assignments. */
export function programOf(segment: string): string | null {
  const words = segment.trim().split(/\s+/);
  return words.find((word) => !/^[A-Za-z_][A-Za-z0-9_]*=/.test(word)) ?? null;
}
