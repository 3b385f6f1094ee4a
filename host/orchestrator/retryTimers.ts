import type { Clock } from '../base/clock.ts';
import type { IDisposable } from '../base/lifecycle.ts';

interface Timer {
  dueAtMs: number;
  generation: number;
  handle: IDisposable;
}

/**
 * One retry timer per issue on the orchestrator's clock. Scheduling replaces the issue's timer;
 * each firing carries a generation, so a firing that was overtaken by a newer schedule (while it
 * waited for the orchestrator's queue) can be recognised and ignored.
 */
export class RetryTimers implements IDisposable {
  private readonly clock: Clock;
  private readonly onDue: (issueId: string, generation: number) => void;
  private readonly timers = new Map<string, Timer>();
  private generation = 0;

  constructor(clock: Clock, onDue: (issueId: string, generation: number) => void) {
    this.clock = clock;
    this.onDue = onDue;
  }

  /** (Re)schedules the issue's retry at `dueAtMs`; a due time in the past fires on the next clock turn. */
  schedule(issueId: string, dueAtMs: number): void {
    this.cancel(issueId);
    const generation = ++this.generation;
    const handle = this.clock.setTimeout(() => this.onDue(issueId, generation), Math.max(0, dueAtMs - this.clock.now()));
    this.timers.set(issueId, { dueAtMs, generation, handle });
  }

  /** True when `generation` is the issue's current timer, which it then forgets. */
  take(issueId: string, generation: number): boolean {
    const timer = this.timers.get(issueId);
    if (!timer || timer.generation !== generation) return false;
    this.timers.delete(issueId);
    return true;
  }

  cancel(issueId: string): void {
    this.timers.get(issueId)?.handle.dispose();
    this.timers.delete(issueId);
  }

  has(issueId: string): boolean {
    return this.timers.has(issueId);
  }

  dispose(): void {
    for (const timer of this.timers.values()) timer.handle.dispose();
    this.timers.clear();
  }
}
