import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { parseIssuesFile } from './issuesFile.ts';
import { parseMilestoneList } from './milestoneList.ts';

/**
 * Applies edits to the local tracker's issues file one at a time: read, change, check that the
 * result still reads as a valid issues file (a write never leaves a file the tracker would
 * reject), then replace the file atomically (a temporary file renamed over it, same mode).
 */
export class IssuesFileWriter {
  private readonly path: string;
  private readonly onWritten: () => void;
  private tail: Promise<unknown> = Promise.resolve();

  /** `onWritten` runs after each successful replace (the tracker drops its cache there). */
  constructor(path: string, onWritten: () => void) {
    this.path = path;
    this.onWritten = onWritten;
  }

  /** Runs `change` on the current text after every earlier edit; writes its `text` and resolves with its `value`. */
  edit<T>(change: (text: string) => { text: string; value: T }): Promise<T> {
    const next = this.tail.then(() => this.apply(change));
    this.tail = next.catch(() => undefined);
    return next;
  }

  private async apply<T>(change: (text: string) => { text: string; value: T }): Promise<T> {
    const before = await readFile(this.path, 'utf8');
    const { text, value } = change(before);
    parseIssuesFile(text, this.path);
    parseMilestoneList(text, this.path);
    const { mode } = await stat(this.path);
    const temporary = `${this.path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(temporary, text, { mode: mode & 0o777 });
      await rename(temporary, this.path);
    } catch (error) {
      await rm(temporary, { force: true });
      throw error;
    }
    this.onWritten();
    return value;
  }
}
