// The assertions of a scripted run, collected (not thrown) so that one run reports every result.

export interface CheckResult {
  name: string;
  ok: boolean;
  detail?: unknown;
}

export class CheckList {
  readonly results: CheckResult[] = [];
  private readonly log: (...parts: unknown[]) => void;

  constructor(log: (...parts: unknown[]) => void) {
    this.log = log;
  }

  /** Records a check; returns `ok` so a caller can stop a scenario whose next steps depend on it. */
  check(name: string, ok: boolean, detail?: unknown): boolean {
    this.results.push({ name, ok, detail });
    this.log(`${ok ? 'PASS' : 'FAIL'} ${name}${detail === undefined ? '' : ` :: ${JSON.stringify(detail)}`}`);
    return ok;
  }

  /** Records a failure from an exception (a timed-out wait, a crashed step). */
  fail(name: string, error: unknown): void {
    this.check(name, false, error instanceof Error ? error.message.split('\n').slice(0, 8).join('\n') : String(error));
  }

  get passed(): boolean {
    return this.results.length > 0 && this.results.every((result) => result.ok);
  }

  printSummary(): void {
    const failed = this.results.filter((result) => !result.ok);
    console.log(`\nChecks: ${this.results.length - failed.length} passed, ${failed.length} failed`);
    for (const result of failed) console.log(`  FAIL ${result.name}`);
  }
}
