import { mkdtemp, realpath, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as nodePath from 'node:path';
import type { TestContext } from 'node:test';
import type { Event } from '../../../../host/base/emitter.ts';

/** A fresh temp folder removed when the test ends. Real path, so it compares equal to resolved paths. */
export async function tempFolder(t: TestContext): Promise<string> {
  const folder = await realpath(await mkdtemp(nodePath.join(os.tmpdir(), 'opensymphony-test-')));
  t.after(() => rm(folder, { recursive: true, force: true }));
  return folder;
}

/**
 * The next value `event` fires (that `matches`, if given), or a rejection after `timeoutMs`.
 * Subscribe before causing the change, then await.
 */
export function nextEvent<T>(event: Event<T>, options: { timeoutMs?: number; matches?: (value: T) => boolean; what?: string } = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 5_000;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${options.what ?? 'an event'}`));
    }, timeoutMs);
    const subscription = event((value) => {
      if (options.matches && !options.matches(value)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(value);
    });
  });
}
