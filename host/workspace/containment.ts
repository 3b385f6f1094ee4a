import { realpath } from 'node:fs/promises';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { CodedError } from '../base/errors.ts';

/**
 * Rejects a path that does not resolve (symlinks included) to a folder strictly inside the root
 * (Symphony §4 safety invariant 2). Both sides are resolved, so a root reached through a symlink
 * is fine as long as the workspace lies inside its real folder.
 */
export async function assertContained(root: string, path: string): Promise<void> {
  const realRoot = await realpath(root);
  const realPath = await realpath(resolve(path));
  const rel = relative(realRoot, realPath);
  if (rel === '' || isAbsolute(rel) || rel.split(sep).includes('..')) {
    throw new CodedError('invalid_workspace_cwd', `workspace ${realPath} is not inside the workspace root ${realRoot}`);
  }
}
