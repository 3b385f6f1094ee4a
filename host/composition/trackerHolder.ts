import { createHash } from 'node:crypto';
import type { Tracker } from '../tracker/tracker.ts';
import type { WorkflowDefinition } from '../workflow/workflowConfig.ts';
import { createLocalTracker } from '../tracker/local/localTracker.ts';
import { createLinearTracker } from '../tracker/linear/linearTracker.ts';
import { CodedError } from '../base/errors.ts';
import type { IDisposable } from '../base/lifecycle.ts';
import type { Logger } from '../base/logger.ts';
import type { Issue, Milestone, Project } from '../protocol/index.ts';

/**
 * Keeps the tracker adapter matching the current workflow; swaps it when the tracker settings
 * change (for Linear: endpoint, project, states or a different key, compared by hash). When the
 * adapter cannot be created (`missing_tracker_api_key`, `missing_tracker_project_slug`,
 * `unsupported_tracker_kind`), `update` throws that error and `current` becomes a stand-in whose
 * every read fails with it, so the orchestrator skips dispatch and the snapshot shows why.
 */
export class TrackerHolder implements IDisposable {
  private tracker: Tracker | undefined;
  private key: string | undefined;
  private subscription: IDisposable | undefined;
  private readonly onChange: () => void;
  private readonly log: Logger | undefined;

  constructor(onChange: () => void, log?: Logger) {
    this.onChange = onChange;
    this.log = log;
  }

  get current(): Tracker | undefined {
    return this.tracker;
  }

  /** The error that keeps the configured tracker from being created, if any. */
  get error(): CodedError | undefined {
    return this.tracker instanceof UnavailableTracker ? this.tracker.error : undefined;
  }

  update(workflow: WorkflowDefinition): void {
    const key = trackerKey(workflow);
    if (key === this.key) return;
    this.disposeTracker();
    this.key = key;
    try {
      this.tracker = createTracker(workflow, this.log);
    } catch (error) {
      const coded = error instanceof CodedError ? error : new CodedError('tracker_unavailable', String(error), { cause: error });
      this.tracker = new UnavailableTracker(workflow.config.tracker.kind, coded);
      throw coded;
    }
    this.subscription = this.tracker.onDidChange(this.onChange);
  }

  private disposeTracker(): void {
    this.subscription?.dispose();
    this.subscription = undefined;
    this.tracker?.dispose();
    this.tracker = undefined;
  }

  dispose(): void {
    this.disposeTracker();
  }
}

function createTracker(workflow: WorkflowDefinition, log: Logger | undefined): Tracker {
  const tracker = workflow.config.tracker;
  if (tracker.kind === 'local') return createLocalTracker({ path: tracker.path });
  if (tracker.kind === 'linear') {
    return createLinearTracker({
      endpoint: tracker.endpoint, apiKey: tracker.api_key, projectSlug: tracker.project_slug,
      activeStates: tracker.active_states, terminalStates: tracker.terminal_states, log,
    });
  }
  throw new CodedError('unsupported_tracker_kind', `tracker.kind "${String(tracker.kind)}" is not available in this build; use "local" or "linear".`);
}

/** What identifies the adapter instance; the key appears only as a hash. */
function trackerKey(workflow: WorkflowDefinition): string {
  const tracker = workflow.config.tracker;
  if (tracker.kind !== 'linear') return JSON.stringify([tracker.kind, tracker.path]);
  const keyHash = tracker.api_key === null ? null : createHash('sha256').update(tracker.api_key).digest('hex');
  return JSON.stringify([tracker.kind, tracker.endpoint, tracker.project_slug, keyHash, tracker.active_states, tracker.terminal_states]);
}

/** Stands in for a tracker that could not be created: every read fails with the creation error. */
class UnavailableTracker implements Tracker {
  readonly kind: string;
  readonly error: CodedError;

  constructor(kind: string, error: CodedError) {
    this.kind = kind;
    this.error = error;
  }

  fetchIssuesByStates(): Promise<Issue[]> {
    return Promise.reject(this.error);
  }

  fetchAllIssues(): Promise<Issue[]> {
    return Promise.reject(this.error);
  }

  fetchStructure(): Promise<{ projects: Project[]; milestones: Milestone[] }> {
    return Promise.reject(this.error);
  }

  fetchIssuesByIds(): Promise<Issue[]> {
    return Promise.reject(this.error);
  }

  readonly onDidChange = (): IDisposable => ({ dispose: () => undefined });

  dispose(): void {}
}
