import type { IDisposable } from '../base/lifecycle.ts';

export interface UnattendedExitOptions {
  /** How long the host may go without any stream subscriber before it stops. */
  graceMs: number;
  /** Open gateway streams right now (every kind and transport). */
  subscribers: () => number;
  onExpire: () => void;
  /** How often the count is read; default 1 s. */
  checkEveryMs?: number;
  now?: () => number;
}

/**
 * Stops a host that nobody watches. The extension starts its local host with a grace period long
 * enough for a window reload, so a reloaded window reattaches to the same host and its runs go on,
 * while a closed window does not leave a host running forever. The clock starts at start-up: a
 * host whose window never attaches stops too.
 */
export class UnattendedExit implements IDisposable {
  private readonly timer: NodeJS.Timeout;
  private unattendedSince: number;
  private readonly options: UnattendedExitOptions;
  private readonly now: () => number;

  constructor(options: UnattendedExitOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    this.unattendedSince = this.now();
    this.timer = setInterval(() => this.check(), options.checkEveryMs ?? 1_000);
  }

  private check(): void {
    if (this.options.subscribers() > 0) { this.unattendedSince = this.now(); return; }
    if (this.now() - this.unattendedSince < this.options.graceMs) return;
    this.dispose();
    this.options.onExpire();
  }

  dispose(): void {
    clearInterval(this.timer);
  }
}
