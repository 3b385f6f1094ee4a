/** Which parts of the connection a settings change touched. */
export interface SettingsChange {
  /** `opensymphony.connection` / `opensymphony.remote`: local or remote, which gateway. */
  connection: boolean;
  /** `opensymphony.gateway`: the loopback gateway the local hosts expose. */
  gateway: boolean;
}

/** Quiet time after the last settings change before the connections follow it. */
export const SETTINGS_SETTLE_MS = 400;

/**
 * Settings change in bursts: the Settings editor writes a port or a URL as it is typed, and one
 * save of settings.json can touch several keys. Rebuilding connections at every step would
 * restart the hosts or attach to half-typed URLs; this applies a burst once, after it settles,
 * with everything it touched.
 */
export class SettingsChangeBatch {
  private readonly apply: (change: SettingsChange) => void;
  private readonly settleMs: number;
  private pending: SettingsChange = { connection: false, gateway: false };
  private timer: NodeJS.Timeout | undefined;

  constructor(apply: (change: SettingsChange) => void, settleMs = SETTINGS_SETTLE_MS) {
    this.apply = apply;
    this.settleMs = settleMs;
  }

  note(change: SettingsChange): void {
    if (!change.connection && !change.gateway) return;
    this.pending = { connection: this.pending.connection || change.connection, gateway: this.pending.gateway || change.gateway };
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const settled = this.pending;
      this.pending = { connection: false, gateway: false };
      this.apply(settled);
    }, this.settleMs);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }
}
