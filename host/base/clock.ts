import type { IDisposable } from './lifecycle.ts';

/** Time source for everything that schedules; tests substitute a manual clock. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): IDisposable;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    return { dispose: () => clearTimeout(handle) };
  },
};
