// Owns the teardown of a script: steps run once, newest first, on normal exit, on error and on
// Ctrl-C / SIGTERM, so no code-server group, browser or mock server outlives the script.

export class CleanupStack {
  private readonly steps: { name: string; run: () => unknown }[] = [];
  private running: Promise<void> | undefined;
  private readonly log: (...parts: unknown[]) => void;

  constructor(log: (...parts: unknown[]) => void) {
    this.log = log;
  }

  add(name: string, run: () => unknown): void {
    this.steps.push({ name, run });
  }

  /** Runs every step (newest first) once; a failing step is logged and the rest still run. */
  run(): Promise<void> {
    this.running ??= (async () => {
      for (const step of this.steps.reverse()) {
        try {
          await step.run();
        } catch (error) {
          this.log(`cleanup "${step.name}" failed:`, error instanceof Error ? error.message : error);
        }
      }
    })();
    return this.running;
  }

  /** On SIGINT/SIGTERM: clean up, then exit with 128 + signal number. */
  onSignals(): void {
    for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
      process.once(signal, () => {
        this.log(`${signal}: cleaning up...`);
        void this.run().finally(() => process.exit(code));
      });
    }
  }
}
