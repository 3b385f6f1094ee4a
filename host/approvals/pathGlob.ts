import { isAbsolute, relative, resolve } from 'node:path';

const cache = new Map<string, RegExp>();

/**
 * A glob as a regular expression over `/`-separated paths: `**` spans folders (`a/**` also matches
 * `a` itself and `**\/x` matches `x` at any depth), `*` and `?` stay inside one folder, `[…]` is a
 * character class and a backslash escapes the next character.
 */
export function globToRegExp(glob: string): RegExp {
  const cached = cache.get(glob);
  if (cached) return cached;
  let source = '';
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index]!;
    if (char === '*' && glob[index + 1] === '*') {
      const slashBefore = index === 0 || glob[index - 1] === '/';
      const slashAfter = glob[index + 2] === '/';
      if (slashBefore && slashAfter) { source += '(?:.*/)?'; index += 2; }
      else if (slashBefore && index + 2 === glob.length && source.endsWith('/')) { source = `${source.slice(0, -1)}(?:/.*)?`; index += 1; }
      else { source += '.*'; index += 1; }
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '[') {
      const end = glob.indexOf(']', index + 1);
      if (end < 0) { source += '\\['; continue; }
      source += `[${glob.slice(index + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
      index = end;
    } else if (char === '\\' && index + 1 < glob.length) { source += escape(glob[index + 1]!); index++; }
    else source += escape(char);
  }
  const pattern = new RegExp(`^${source}$`);
  cache.set(glob, pattern);
  return pattern;
}

function escape(char: string): string {
  return /[.*+?^${}()|[\]\\]/.test(char) ? `\\${char}` : char;
}

/** Backslash-escapes glob syntax, so a literal folder name can start a glob. */
export function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\{}]/g, (char) => `\\${char}`);
}

/**
 * Whether a file path matches a rule's glob. An absolute glob matches the absolute path; a relative
 * glob matches the path relative to the workspace, and never a path outside it.
 */
export function pathMatchesGlob(path: string, glob: string, workspacePath: string | null): boolean {
  const absolute = workspacePath && !isAbsolute(path) ? resolve(workspacePath, path) : resolve(path);
  if (isAbsolute(glob)) return globToRegExp(glob).test(absolute);
  if (!workspacePath) return false;
  const inside = relative(workspacePath, absolute);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return false;
  return globToRegExp(glob).test(inside.split('\\').join('/'));
}

/** True when `path` is the workspace or inside it (lexically; the workspace manager checks symlinks). */
export function isInside(path: string, workspacePath: string): boolean {
  const inside = relative(workspacePath, resolve(workspacePath, path));
  return inside === '' || (!inside.startsWith('..') && !isAbsolute(inside));
}
