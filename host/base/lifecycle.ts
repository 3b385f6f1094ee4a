/** Something that owns resources and frees them when disposed. */
export interface IDisposable {
  dispose(): void;
}

export function toDisposable(fn: () => void): IDisposable {
  let disposed = false;
  return { dispose: () => { if (!disposed) { disposed = true; fn(); } } };
}

/** Frees a group of disposables at once; adding to a disposed store disposes immediately. */
export class DisposableStore implements IDisposable {
  private readonly items = new Set<IDisposable>();
  private disposed = false;

  add<T extends IDisposable>(item: T): T {
    if (this.disposed) item.dispose();
    else this.items.add(item);
    return item;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    const errors: unknown[] = [];
    for (const item of this.items) {
      try { item.dispose(); } catch (error) { errors.push(error); }
    }
    this.items.clear();
    if (errors.length) throw new AggregateError(errors, 'errors while disposing');
  }
}

/** Base for long-lived objects: register what you own, it is freed with you. */
export abstract class Disposable implements IDisposable {
  private readonly store = new DisposableStore();

  protected register<T extends IDisposable>(item: T): T {
    return this.store.add(item);
  }

  dispose(): void {
    this.store.dispose();
  }
}
