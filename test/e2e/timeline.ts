// Timestamped logging and named timings for the e2e scripts, so every run prints where its time went.

/** Logs lines prefixed with the seconds since start and records named durations. */
export class Timeline {
  readonly startedAt = Date.now();
  readonly timings: Record<string, number> = {};
  private readonly tag: string;

  constructor(tag: string) {
    this.tag = tag;
  }

  log(...parts: unknown[]): void {
    const seconds = ((Date.now() - this.startedAt) / 1000).toFixed(1);
    console.log(`[${this.tag} +${seconds}s]`, ...parts);
  }

  /** Records `name` as the time since `since` (default: start of the run) and logs it. */
  mark(name: string, since: number = this.startedAt): number {
    const ms = Date.now() - since;
    this.timings[name] = ms;
    this.log(`timing ${name}: ${ms} ms`);
    return ms;
  }

  /** Runs `step`, recording its duration under `name`. */
  async time<T>(name: string, step: () => Promise<T>): Promise<T> {
    const since = Date.now();
    try {
      return await step();
    } finally {
      this.mark(name, since);
    }
  }

  printTable(): void {
    const width = Math.max(...Object.keys(this.timings).map((name) => name.length), 5);
    console.log('\nTimings (ms):');
    for (const [name, ms] of Object.entries(this.timings)) console.log(`  ${name.padEnd(width)}  ${String(ms).padStart(7)}`);
  }
}

/** Polls `probe` until it returns a value other than undefined/false, or throws after `timeoutMs`. */
export async function waitUntil<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  timeoutMs: number,
  describeLast?: () => string,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const detail = describeLast ? `; last: ${describeLast()}` : lastError ? `; last error: ${String(lastError)}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
