import { watch } from 'node:fs';
import type { FSWatcher } from 'node:fs';
import * as nodePath from 'node:path';
import { systemClock } from './clock.ts';
import type { Clock } from './clock.ts';
import { Emitter } from './emitter.ts';
import type { Event } from './emitter.ts';
import { Disposable, toDisposable } from './lifecycle.ts';
import type { IDisposable } from './lifecycle.ts';

/** Options for `FileChangeWatcher`. */
export interface FileChangeWatcherOptions {
  /** Quiet time after the last file event before `onDidChange` fires; editors write in bursts. */
  debounceMs?: number;
  /** How long to wait before watching again after the folder vanished or could not be watched. */
  rewatchMs?: number;
  clock?: Clock;
}

/**
 * Tells when one file may have changed. It watches the file's folder rather than the file, so a
 * file replaced by rename (how many editors save) or deleted and re-created is still seen. Events
 * are debounced; consumers re-read the file, which also covers deletion.
 */
export class FileChangeWatcher extends Disposable {
  private readonly changeEmitter = this.register(new Emitter<void>());
  /** Fires (debounced) after the file was written, replaced, created or deleted. */
  readonly onDidChange: Event<void> = this.changeEmitter.event;

  private readonly folder: string;
  private readonly fileName: string;
  private readonly folderName: string;
  private readonly debounceMs: number;
  private readonly rewatchMs: number;
  private readonly clock: Clock;
  private watcher: FSWatcher | undefined;
  private debounceTimer: IDisposable | undefined;
  private rewatchTimer: IDisposable | undefined;
  private disposed = false;

  constructor(filePath: string, options: FileChangeWatcherOptions = {}) {
    super();
    const absolute = nodePath.resolve(filePath);
    this.folder = nodePath.dirname(absolute);
    this.fileName = nodePath.basename(absolute);
    this.debounceMs = options.debounceMs ?? 100;
    this.rewatchMs = options.rewatchMs ?? 2_000;
    this.clock = options.clock ?? systemClock;
    this.folderName = nodePath.basename(this.folder);
    this.register(toDisposable(() => this.stop()));
    if (!this.startWatching()) this.retryLater();
  }

  /** Returns false when the folder cannot be watched (yet). */
  private startWatching(): boolean {
    try {
      // persistent: false — a watcher alone is no reason to keep the host process alive.
      const watcher = watch(this.folder, { persistent: false }, (_event, name) => {
        if (name === null || name === this.fileName) this.scheduleChange();
        // Linux reports the watched folder's own removal or rename under the folder's name; the watch is dead then.
        else if (name === this.folderName) this.watchLost();
      });
      watcher.on('error', () => this.watchLost());
      this.watcher = watcher;
      return true;
    } catch {
      return false;
    }
  }

  /** The folder vanished or failed: report a change once so readers notice, then watch again when possible. */
  private watchLost(): void {
    if (!this.watcher || this.disposed) return;
    this.watcher.close();
    this.watcher = undefined;
    this.scheduleChange();
    // A new folder may already stand at the path (renamed in, or a false alarm); otherwise poll for one.
    if (!this.startWatching()) this.retryLater();
  }

  private retryLater(): void {
    if (this.disposed) return;
    this.rewatchTimer?.dispose();
    this.rewatchTimer = this.clock.setTimeout(() => {
      if (this.disposed) return;
      // The file may have appeared or changed while nothing was watching.
      if (this.startWatching()) this.scheduleChange();
      else this.retryLater();
    }, this.rewatchMs);
  }

  private scheduleChange(): void {
    if (this.disposed) return;
    this.debounceTimer?.dispose();
    this.debounceTimer = this.clock.setTimeout(() => this.changeEmitter.fire(), this.debounceMs);
  }

  private stop(): void {
    this.disposed = true;
    this.debounceTimer?.dispose();
    this.rewatchTimer?.dispose();
    this.watcher?.close();
    this.watcher = undefined;
  }
}
