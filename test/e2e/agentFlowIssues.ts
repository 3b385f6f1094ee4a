// What the mock model does for the issues of the later end-to-end flows (deny, approve always,
// run controls, reload), and the holds that make a model reply wait for the test's cue: the test
// arms a hold, starts the run, waits for the held request to arrive (an event, not a sleep) and
// releases it when its own step is done.

/** Denied from the notification: its greeting command must never run. */
export const DENIED_ISSUE = 'DEMO-5';
/** Two commands in one turn; "Approve Always" on the first lets the run rule settle the second. */
export const ALWAYS_ISSUE = 'DEMO-6';
/** Pause, Resume, Cancel and Retry from the tree: its first reply is held so the run stays running. */
export const CONTROLLED_ISSUE = 'DEMO-7';
/** Runs across a window reload: its reply is held until the window has reattached. */
export const RELOAD_ISSUE = 'DEMO-8';
/** Issues whose model answers with its final text at once (no command, no approval). */
export const QUIET_ISSUES: readonly string[] = [CONTROLLED_ISSUE, RELOAD_ISSUE];

/** The two commands of the approve-always run, in order; both start with `echo`, so one run rule covers both. */
export function alwaysCommands(identifier: string): [string, string] {
  return [`echo "first from ${identifier}" > first.txt`, `echo "second from ${identifier}" > second.txt`];
}

/** A held model reply: `reached` resolves when the request arrived; `release()` lets the reply go. */
export interface ModelHold {
  readonly reached: Promise<void>;
  release(): void;
}

interface ArmedHold {
  reached: () => void;
  released: Promise<void>;
  release: () => void;
}

/** Holds, one per issue, each for that issue's next model request only. */
export class ModelHolds {
  private readonly armed = new Map<string, ArmedHold>();
  private readonly taken = new Set<() => void>();

  /** Holds the next model reply for `identifier`. */
  arm(identifier: string): ModelHold {
    let reached!: () => void;
    let release!: () => void;
    const reachedPromise = new Promise<void>((resolve) => { reached = resolve; });
    const released = new Promise<void>((resolve) => { release = resolve; });
    this.armed.set(identifier, { reached, released, release });
    return { reached: reachedPromise, release };
  }

  /** For the mock model: the hold armed for `identifier` (disarmed by taking it), or null. */
  take(identifier: string | undefined): Promise<void> | null {
    const hold = identifier === undefined ? undefined : this.armed.get(identifier);
    if (!hold) return null;
    this.armed.delete(identifier!);
    this.taken.add(hold.release);
    hold.reached();
    return hold.released;
  }

  /** Lets every held reply go (teardown). */
  releaseAll(): void {
    for (const hold of this.armed.values()) hold.release();
    for (const release of this.taken) release();
    this.armed.clear();
    this.taken.clear();
  }
}
