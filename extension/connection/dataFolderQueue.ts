/**
 * Runs the supervision steps (attach, spawn, restart) on one data folder one after another, across
 * every supervisor of this window. A supervisor the window let go of may still be finishing a step
 * when its successor on the same folder starts; the successor then waits, and finds the host the
 * step started instead of spawning a second one that would lose the folder's lock.
 */
const tails = new Map<string, Promise<unknown>>();

export function onDataFolder<T>(dataDir: string, step: () => Promise<T>): Promise<T> {
  const previous = tails.get(dataDir) ?? Promise.resolve();
  const next = previous.then(step);
  const tail = next.catch(() => undefined);
  tails.set(dataDir, tail);
  void tail.then(() => { if (tails.get(dataDir) === tail) tails.delete(dataDir); });
  return next;
}
