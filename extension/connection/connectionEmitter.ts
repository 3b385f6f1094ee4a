import type * as vscode from 'vscode';

/**
 * vscode.EventEmitter's shape without the vscode module, so the connection classes (supervisor,
 * folder connection) run under node:test against real hosts. Firing after dispose does nothing.
 */
export class ConnectionEmitter<T> {
  private readonly listeners = new Set<(value: T) => unknown>();
  private disposed = false;

  readonly event: vscode.Event<T> = (listener, thisArgs?: unknown, disposables?: vscode.Disposable[]) => {
    const bound = (value: T) => listener.call(thisArgs, value);
    if (!this.disposed) this.listeners.add(bound);
    const subscription = { dispose: () => { this.listeners.delete(bound); } };
    disposables?.push(subscription);
    return subscription;
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) listener(value);
  }

  dispose(): void {
    this.disposed = true;
    this.listeners.clear();
  }
}
