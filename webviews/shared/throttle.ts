/**
 * Runs `action` at most once per `intervalMs`: the first call schedules it after the interval,
 * further calls until then are folded into that one run.
 */
export class Throttle {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly action: () => void;
  private readonly intervalMs: number;

  constructor(action: () => void, intervalMs: number) {
    this.action = action;
    this.intervalMs = intervalMs;
  }

  schedule(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => { this.timer = undefined; this.action(); }, this.intervalMs);
  }

  cancel(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
