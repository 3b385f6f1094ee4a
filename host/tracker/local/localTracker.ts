import { readFile, stat } from 'node:fs/promises';
import * as nodePath from 'node:path';
import type { Clock } from '../../base/clock.ts';
import { Emitter } from '../../base/emitter.ts';
import type { Event } from '../../base/emitter.ts';
import { errorMessage } from '../../base/errors.ts';
import { Disposable } from '../../base/lifecycle.ts';
import type { Issue, Milestone, Project } from '../../protocol/index.ts';
import { FileChangeWatcher } from '../../base/fileChangeWatcher.ts';
import type { NewTrackerIssue, NewTrackerMilestone, Tracker, TrackerComment } from '../tracker.ts';
import { LOCAL_PROJECT_ID, localMilestoneId, parseIssuesFile } from './issuesFile.ts';
import { IssuesFileWriter } from './issuesFileWriter.ts';
import { LocalTrackerError } from './localTrackerError.ts';
import { LocalTrackerWrites } from './localTrackerWrites.ts';
import { parseMilestoneList } from './milestoneList.ts';
import type { DeclaredMilestone } from './milestoneList.ts';

/** Options for the local tracker. */
export interface LocalTrackerOptions {
  /** The issues YAML file (absolute, or relative to the process cwd). */
  path: string;
  /** Quiet time after file events before `onDidChange` fires. */
  debounceMs?: number;
  clock?: Clock;
}

/**
 * The `local` tracker: issues kept in a YAML file next to the workflow, for offline use and
 * tests. The parsed file is cached and re-read when a watch event arrives or when its size or
 * modification time differ from the cached copy, so a missed watch event costs one stat per fetch.
 */
export class LocalTracker extends Disposable implements Tracker {
  readonly kind = 'local';
  readonly path: string;
  private readonly changeEmitter = this.register(new Emitter<void>());
  /** Fires (debounced) when the issues file was written, replaced or removed. */
  readonly onDidChange: Event<void> = this.changeEmitter.event;
  private cache: { stamp: string; issues: Issue[]; milestones: DeclaredMilestone[] } | undefined;
  private readonly writes: LocalTrackerWrites;

  constructor(options: LocalTrackerOptions) {
    super();
    this.path = nodePath.resolve(options.path);
    const watcher = this.register(new FileChangeWatcher(this.path, { debounceMs: options.debounceMs, clock: options.clock }));
    this.register(watcher.onDidChange(() => {
      this.cache = undefined;
      this.changeEmitter.fire();
    }));
    const writer = new IssuesFileWriter(this.path, () => { this.cache = undefined; });
    this.writes = new LocalTrackerWrites(writer, this.path);
  }

  async fetchIssuesByStates(states: readonly string[]): Promise<Issue[]> {
    if (states.length === 0) return [];
    const wanted = new Set(states.map(normalizeState));
    const issues = await this.issues();
    return issues.filter((issue) => wanted.has(normalizeState(issue.state))).map((issue) => structuredClone(issue));
  }

  async fetchAllIssues(): Promise<Issue[]> {
    return (await this.issues()).map((issue) => structuredClone(issue));
  }

  /** One project named after the folder of the issues file; milestones: the declared `milestones:` list, then others in order of first use. */
  async fetchStructure(): Promise<{ projects: Project[]; milestones: Milestone[] }> {
    const project: Project = { id: LOCAL_PROJECT_ID, name: nodePath.basename(nodePath.dirname(this.path)), slug: null, url: null, state: null };
    const issues = await this.issues();
    const declared = new Map(this.cache?.milestones.map((milestone) => [localMilestoneId(milestone.name), milestone]) ?? []);
    const milestoneIds = [...new Set([...declared.keys(), ...issues.map((issue) => issue.milestone_id).filter((id): id is string => id !== null)])];
    const milestones = milestoneIds.map((id, index): Milestone => ({
      id, project_id: LOCAL_PROJECT_ID, name: id.slice(localMilestoneId('').length), target_date: declared.get(id)?.target_date ?? null, sort_order: index,
    }));
    return { projects: [project], milestones };
  }

  async fetchIssuesByIds(ids: readonly string[]): Promise<Issue[]> {
    if (ids.length === 0) return [];
    const byId = new Map((await this.issues()).map((issue) => [issue.id, issue]));
    return [...new Set(ids)].flatMap((id) => {
      const issue = byId.get(id);
      return issue ? [structuredClone(issue)] : [];
    });
  }

  /** Re-reads the file now (the cache is dropped first). */
  async refreshIssue(issueId: string): Promise<Issue | undefined> {
    this.cache = undefined;
    return (await this.fetchIssuesByIds([issueId]))[0];
  }

  /** Appends to the record's `comments:` list in the issues file. */
  createComment(issueId: string, body: string): Promise<TrackerComment> {
    return this.writes.createComment(issueId, body);
  }

  /** Rewrites the record's `state:`; any non-empty name is accepted (the local tracker has no workflow). */
  transitionIssue(issueId: string, stateName: string): Promise<Issue> {
    return this.writes.transitionIssue(issueId, stateName);
  }

  /** Appends a record to `issues:` with the next identifier of the file's most used prefix. */
  createIssue(input: NewTrackerIssue): Promise<Issue> {
    return this.writes.createIssue(input);
  }

  /** Appends to the top-level `milestones:` list. */
  createMilestone(input: NewTrackerMilestone): Promise<Milestone> {
    return this.writes.createMilestone(input);
  }

  /** The whole file, normalized; throws `LocalTrackerError`. Callers get copies, never the cache. */
  private async issues(): Promise<Issue[]> {
    const stamp = await this.fileStamp();
    if (this.cache?.stamp === stamp) return this.cache.issues;
    const text = await this.readText();
    const issues = parseIssuesFile(text, this.path);
    this.cache = { stamp, issues, milestones: parseMilestoneList(text, this.path) };
    return issues;
  }

  private async fileStamp(): Promise<string> {
    try {
      const info = await stat(this.path);
      return `${info.ino}:${info.size}:${info.mtimeMs}`;
    } catch (error) {
      throw this.missing(error);
    }
  }

  private async readText(): Promise<string> {
    try {
      return await readFile(this.path, 'utf8');
    } catch (error) {
      throw this.missing(error);
    }
  }

  private missing(error: unknown): LocalTrackerError {
    return new LocalTrackerError('tracker_file_missing',
      `Cannot read the local tracker's issues file ${this.path} (${errorMessage(error)}). Create it with a top-level 'issues:' list, or point tracker.path in WORKFLOW.md at the right file.`,
      { path: this.path, cause: error });
  }
}

/** Creates the file-backed tracker for `tracker.kind: local`. */
export function createLocalTracker(options: LocalTrackerOptions): Tracker {
  return new LocalTracker(options);
}

function normalizeState(state: string): string {
  return state.trim().toLowerCase();
}
