/** Runs commands one at a time, in order: the orchestrator's single point of mutation. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(command: () => Promise<T> | T): Promise<T> {
    const result = this.tail.then(command);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
