import type { Clock } from '../../host/base/clock.ts';
import type { IDisposable } from '../../host/base/lifecycle.ts';

/** A clock that moves only when the test says so; timers fire in due order on `advance`. */
export class ManualClock implements Clock {
  private current: number;
  private timers: { due: number; fn: () => void; id: number }[] = [];
  private nextId = 0;

  constructor(start = Date.parse('2026-11-21T12:00:00Z')) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  setTimeout(fn: () => void, ms: number): IDisposable {
    const id = this.nextId++;
    this.timers.push({ due: this.current + Math.max(0, ms), fn, id });
    return { dispose: () => { this.timers = this.timers.filter((timer) => timer.id !== id); } };
  }

  advance(ms: number): void {
    const target = this.current + ms;
    for (;;) {
      const next = this.timers.filter((timer) => timer.due <= target).sort((a, b) => a.due - b.due || a.id - b.id)[0];
      if (!next) break;
      this.timers = this.timers.filter((timer) => timer.id !== next.id);
      this.current = next.due;
      next.fn();
    }
    this.current = target;
  }

  get pendingTimers(): number {
    return this.timers.length;
  }
}
