// The command inside the shell wrapper Codex reports (`/bin/bash -lc '<cmd>'`): what the host's
// approval rules and risk checks read, and what every client shows as the command. Only a wrapper
// with exactly one quoted argument is unwrapped; anything else is shown and matched as it is.

const WRAPPER = /^(?:\/(?:usr\/)?bin\/)?(?:bash|sh|zsh|dash)\s+-l?c\s+([\s\S]+)$/;

/** The inner command of `bash -lc '<cmd>'` (as Codex reports commands), else the command itself, trimmed. */
export function unwrapShellCommand(command: string): string {
  const trimmed = command.trim();
  const wrapped = WRAPPER.exec(trimmed);
  if (!wrapped) return trimmed;
  const inner = unquoteWhole(wrapped[1]!.trim());
  return inner === null ? trimmed : inner.trim();
}

/** One quoted shell word ('…' with '\'' escapes, or "…" with backslash escapes); null if it is not exactly one. */
function unquoteWhole(text: string): string | null {
  let result = '';
  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    if (char === "'") {
      const end = text.indexOf("'", index + 1);
      if (end < 0) return null;
      result += text.slice(index + 1, end);
      index = end + 1;
    } else if (char === '"') {
      const end = closingDoubleQuote(text, index + 1);
      if (end < 0) return null;
      result += text.slice(index + 1, end).replace(/\\(["\\$`])/g, '$1');
      index = end + 1;
    } else if (char === '\\' && index + 1 < text.length) {
      result += text[index + 1];
      index += 2;
    } else if (/\s/.test(char)) {
      return null; // a second word: not a single quoted argument
    } else {
      result += char;
      index++;
    }
  }
  return result;
}

function closingDoubleQuote(text: string, from: number): number {
  for (let index = from; index < text.length; index++) {
    if (text[index] === '\\') index++;
    else if (text[index] === '"') return index;
  }
  return -1;
}
