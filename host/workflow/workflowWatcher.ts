import * as nodePath from 'node:path';
import type { Clock } from '../base/clock.ts';
import { Emitter } from '../base/emitter.ts';
import type { Event } from '../base/emitter.ts';
import { Disposable } from '../base/lifecycle.ts';
import { errorMessage } from '../base/errors.ts';
import { FileChangeWatcher } from '../base/fileChangeWatcher.ts';
import type { WorkflowDefinition } from './workflowConfig.ts';
import { WorkflowError } from './workflowErrors.ts';
import { parseWorkflow, readWorkflowText } from './workflowLoader.ts';
import { systemPathEnvironment } from './workflowPaths.ts';
import type { PathEnvironment } from './workflowPaths.ts';

/** Options for `WorkflowWatcher`. */
export interface WorkflowWatcherOptions {
  path: string;
  debounceMs?: number;
  clock?: Clock;
  environment?: PathEnvironment;
}

/**
 * Keeps the effective WORKFLOW.md definition current (Symphony §6.2): loads it, re-loads it when
 * the file changes, and on an invalid or missing file keeps the last good definition and reports
 * the error, so a bad edit never stops the host.
 */
export class WorkflowWatcher extends Disposable {
  private readonly changeEmitter = this.register(new Emitter<WorkflowDefinition>());
  private readonly failEmitter = this.register(new Emitter<WorkflowError>());
  /** Fires with each newly loaded definition, including the first. */
  readonly onDidChange: Event<WorkflowDefinition> = this.changeEmitter.event;
  /** Fires when a (re)load fails; `current` stays the last good definition. */
  readonly onDidFail: Event<WorkflowError> = this.failEmitter.event;

  readonly path: string;
  private readonly options: WorkflowWatcherOptions;
  private readonly environment: PathEnvironment;
  private good: { definition: WorkflowDefinition; text: string } | undefined;
  private error: WorkflowError | undefined;
  private queue: Promise<WorkflowDefinition | undefined> = Promise.resolve(undefined);
  private started = false;
  private disposed = false;

  constructor(options: WorkflowWatcherOptions) {
    super();
    this.options = options;
    this.path = nodePath.resolve(options.path);
    this.environment = options.environment ?? systemPathEnvironment();
  }

  /** The last definition that loaded successfully, if any. */
  get current(): WorkflowDefinition | undefined {
    return this.good?.definition;
  }

  /** The error of the latest load, cleared by the next successful one. */
  get lastError(): WorkflowError | undefined {
    return this.error;
  }

  /** Loads the file and starts watching it. Resolves to the definition, or undefined if the load failed. */
  async start(): Promise<WorkflowDefinition | undefined> {
    if (!this.started && !this.disposed) {
      this.started = true;
      // Watch before the first read, so an edit made during it is not missed.
      const watcher = this.register(new FileChangeWatcher(this.path, { debounceMs: this.options.debounceMs, clock: this.options.clock }));
      this.register(watcher.onDidChange(() => { void this.reload(); }));
    }
    return this.reload();
  }

  /** Re-reads the file now (also useful before a dispatch, in case a watch event was missed). */
  reload(): Promise<WorkflowDefinition | undefined> {
    // Loads run one at a time so a slow read can never overwrite a newer result.
    this.queue = this.queue.then(() => this.loadOnce());
    return this.queue;
  }

  override dispose(): void {
    this.disposed = true;
    super.dispose();
  }

  private async loadOnce(): Promise<WorkflowDefinition | undefined> {
    if (this.disposed) return this.current;
    try {
      const text = await readWorkflowText(this.path);
      // Editors touch files without changing them; only a real change is news.
      if (this.good && !this.error && text === this.good.text) return this.good.definition;
      const definition = parseWorkflow(text, this.path, this.environment);
      this.good = { definition, text };
      this.error = undefined;
      if (!this.disposed) this.changeEmitter.fire(definition);
      return definition;
    } catch (error) {
      this.fail(asWorkflowError(error, this.path));
      return undefined;
    }
  }

  private fail(error: WorkflowError): void {
    const repeated = this.error?.code === error.code && this.error.message === error.message;
    this.error = error;
    if (!repeated && !this.disposed) this.failEmitter.fire(error);
  }
}

function asWorkflowError(error: unknown, path: string): WorkflowError {
  if (error instanceof WorkflowError) return error;
  return new WorkflowError('workflow_parse_error', `${path}: could not load the workflow: ${errorMessage(error)}`, { path, cause: error });
}
