import type { IDisposable } from './lifecycle.ts';

export type Event<T> = (listener: (value: T) => void) => IDisposable;

/** A typed event source; `event` subscribes and returns the subscription to dispose. */
export class Emitter<T> implements IDisposable {
  private listeners = new Set<(value: T) => void>();

  readonly event: Event<T> = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => { this.listeners.delete(listener); } };
  };

  fire(value: T): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(value);
      } catch (error) {
        // A faulty listener must not starve the others; surface it without breaking the producer.
        queueMicrotask(() => { throw error; });
      }
    }
  }

  get hasListeners(): boolean {
    return this.listeners.size > 0;
  }

  dispose(): void {
    this.listeners.clear();
  }
}
