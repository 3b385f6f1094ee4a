import { createHash } from 'node:crypto';

const UNSAFE = /[^A-Za-z0-9._-]/g;

/**
 * Directory name for an issue (Symphony §4): unsafe characters become `_`; when that changed the
 * identifier, a 64-bit hash of the original keeps distinct identifiers apart. Keys made only of dots
 * are rewritten so the key is always one ordinary path component.
 */
export function workspaceKey(identifier: string): string {
  const sanitized = identifier.replace(UNSAFE, '_');
  const onlyDots = /^\.*$/.test(sanitized);
  if (sanitized === identifier && !onlyDots) return sanitized;
  const hash = createHash('sha256').update(identifier).digest('hex').slice(0, 16);
  return `${onlyDots ? sanitized.replace(/\./g, '_') : sanitized}-${hash}`;
}
