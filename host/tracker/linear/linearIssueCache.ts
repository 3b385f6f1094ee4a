import type { Issue } from '../../protocol/index.ts';

/**
 * The adapter's copy of the project's issues, in the order Linear listed them (updates keep their
 * place, new issues go last, a full sync rebuilds the order). Also remembers which ids the last sync
 * vouched for, so a by-id refresh knows whether the cache can answer for an id.
 */
export class LinearIssueCache {
  private issues = new Map<string, Issue>();
  /** `all` after a full sync (an absent id is gone); otherwise the ids a delta sync re-read. */
  private coverage: { all: boolean; ids: ReadonlySet<string> } = { all: false, ids: new Set() };

  get size(): number {
    return this.issues.size;
  }

  /** Copies of every cached issue, in listing order. */
  list(): Issue[] {
    return [...this.issues.values()].map((issue) => structuredClone(issue));
  }

  get(id: string): Issue | undefined {
    const issue = this.issues.get(id);
    return issue && structuredClone(issue);
  }

  /** After a full sync: exactly these issues, and every id is accounted for. */
  replaceAll(issues: readonly Issue[]): void {
    this.issues = new Map(issues.map((issue) => [issue.id, issue]));
    this.coverage = { all: true, ids: new Set() };
  }

  upsert(issue: Issue): void {
    this.issues.set(issue.id, issue);
  }

  remove(id: string): void {
    this.issues.delete(id);
  }

  /** After a delta sync: only these ids were re-read, in or out of the project. */
  coverOnly(ids: Iterable<string>): void {
    this.coverage = { all: false, ids: new Set(ids) };
  }

  /** Whether the last sync settled `id`: present means current, absent means gone. */
  covers(id: string): boolean {
    return this.coverage.all || this.coverage.ids.has(id);
  }
}

/**
 * Ids a caller refreshes by id (running issues), re-read on every delta sync whatever their
 * project, so an issue that leaves the project or is deleted is noticed on the next poll instead of
 * the next full sync. Bounded: the `limit` most recently asked for, each for `ttlMs`.
 */
export class WatchedIssueIds {
  private readonly lastAsked = new Map<string, number>();
  private readonly limit: number;
  private readonly ttlMs: number;

  constructor(limit: number, ttlMs: number) {
    this.limit = limit;
    this.ttlMs = ttlMs;
  }

  touch(ids: readonly string[], now: number): void {
    for (const id of ids) {
      this.lastAsked.delete(id);
      this.lastAsked.set(id, now);
    }
  }

  forget(id: string): void {
    this.lastAsked.delete(id);
  }

  /** The ids to re-read now: unexpired, most recently asked first, at most `limit`. */
  current(now: number): string[] {
    for (const [id, at] of this.lastAsked) if (now - at > this.ttlMs) this.lastAsked.delete(id);
    return [...this.lastAsked.keys()].reverse().slice(0, this.limit);
  }
}
