/** Runs `callback` before the next paint; the browser's requestAnimationFrame, a manual queue in tests. */
export type FrameScheduler = (callback: () => void) => void;

/** The browser's frame scheduler (looked up lazily so this module also loads outside a browser). */
export const animationFrameScheduler: FrameScheduler = (callback) => { requestAnimationFrame(() => callback()); };

export type Reducer<S, A> = (state: S, action: A) => S;

/**
 * A reducer-driven store whose listeners hear about changes at most once per frame, however many
 * actions arrive in between (a burst of 1,000 live events renders once). Reducers are pure and
 * return the same object when nothing changed, so no-op actions never schedule a render.
 */
export class Store<S, A> {
  private state: S;
  private readonly reducer: Reducer<S, A>;
  private readonly schedule: FrameScheduler;
  private readonly listeners = new Set<(state: S) => void>();
  private scheduled = false;

  constructor(reducer: Reducer<S, A>, initial: S, schedule: FrameScheduler) {
    this.reducer = reducer;
    this.state = initial;
    this.schedule = schedule;
  }

  getState(): S {
    return this.state;
  }

  dispatch(action: A): void {
    const next = this.reducer(this.state, action);
    if (next === this.state) return;
    this.state = next;
    if (this.scheduled || this.listeners.size === 0) return;
    this.scheduled = true;
    this.schedule(() => this.flush());
  }

  /** Tells every listener about the current state now (the scheduled frame calls this). */
  flush(): void {
    this.scheduled = false;
    for (const listener of [...this.listeners]) listener(this.state);
  }

  subscribe(listener: (state: S) => void): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }
}
