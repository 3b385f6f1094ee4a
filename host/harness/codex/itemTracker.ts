import type { ThreadItem } from './codexProtocol.ts';

/** What we remember about an item between its `item/started`, deltas, approvals and `item/completed`. */
export interface TrackedItem {
  type: string;
  command: string | null;
  /** File paths of a fileChange item; approval requests for file changes do not carry them. */
  files: string[];
  /** Whether output deltas were streamed, so the completed item's aggregate is not printed twice. */
  streamedOutput: boolean;
}

/** Items of the current turn, keyed by item id. */
export class ItemTracker {
  private readonly items = new Map<string, TrackedItem>();

  /** Records or refreshes an item from `item/started` / `item/completed`. */
  observe(item: ThreadItem): TrackedItem {
    const tracked = this.items.get(item.id) ?? { type: item.type, command: null, files: [], streamedOutput: false };
    if (item.type === 'commandExecution' && typeof item.command === 'string') tracked.command = item.command;
    if (item.type === 'fileChange' && Array.isArray(item.changes)) {
      tracked.files = item.changes.map((change) => change.path).filter((path) => typeof path === 'string');
    }
    this.items.set(item.id, tracked);
    return tracked;
  }

  get(itemId: string | undefined): TrackedItem | undefined {
    return itemId === undefined ? undefined : this.items.get(itemId);
  }

  markStreamed(itemId: string | undefined): void {
    const tracked = this.get(itemId);
    if (tracked) tracked.streamedOutput = true;
  }

  clear(): void {
    this.items.clear();
  }
}
