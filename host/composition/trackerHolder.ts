import type { Tracker } from '../tracker/tracker.ts';
import type { WorkflowDefinition } from '../workflow/workflowConfig.ts';
import { createLocalTracker } from '../tracker/local/localTracker.ts';
import { CodedError } from '../base/errors.ts';
import type { IDisposable } from '../base/lifecycle.ts';

/** Keeps the tracker adapter matching the current workflow; swaps it when the tracker settings change. */
export class TrackerHolder implements IDisposable {
  private tracker: Tracker | undefined;
  private key: string | undefined;
  private subscription: IDisposable | undefined;
  private readonly onChange: () => void;

  constructor(onChange: () => void) {
    this.onChange = onChange;
  }

  get current(): Tracker | undefined {
    return this.tracker;
  }

  update(workflow: WorkflowDefinition): void {
    const { kind, path } = workflow.config.tracker;
    const key = `${kind}:${path}`;
    if (key === this.key) return;
    this.disposeTracker();
    this.key = key;
    this.tracker = createTracker(workflow);
    this.subscription = this.tracker.onDidChange(this.onChange);
  }

  private disposeTracker(): void {
    this.subscription?.dispose();
    this.tracker?.dispose();
    this.tracker = undefined;
  }

  dispose(): void {
    this.disposeTracker();
  }
}

function createTracker(workflow: WorkflowDefinition): Tracker {
  const { kind, path } = workflow.config.tracker;
  if (kind === 'local') return createLocalTracker({ path });
  throw new CodedError('unsupported_tracker_kind', `tracker.kind "${kind}" is not available in this build; use "local"`);
}
