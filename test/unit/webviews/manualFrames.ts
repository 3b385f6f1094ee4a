import type { FrameScheduler } from '../../../webviews/state/store.ts';

/** A FrameScheduler for tests: frames run when `runFrame()` is called. */
export class ManualFrames {
  private queue: (() => void)[] = [];
  readonly schedule: FrameScheduler = (callback) => { this.queue.push(callback); };

  get pending(): number {
    return this.queue.length;
  }

  runFrame(): void {
    const due = this.queue;
    this.queue = [];
    for (const callback of due) callback();
  }
}
