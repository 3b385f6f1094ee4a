import { closeSync, openSync, readSync, statSync, unwatchFile, watchFile } from 'node:fs';

/**
 * Follows a growing log file line by line. The host writes its log to a file rather than to a pipe
 * so that it can outlive the window that started it; every window attached to it reads the file.
 */
export class LogFileTail {
  private offset: number;
  private partial = '';
  private readonly path: string;
  private readonly onLine: (line: string) => void;
  private readonly listener = () => this.readNew();

  /** `fromStart`: the whole file (a host this window started); else only what is written from now on. */
  constructor(path: string, onLine: (line: string) => void, options: { fromStart: boolean; intervalMs?: number }) {
    this.path = path;
    this.onLine = onLine;
    this.offset = options.fromStart ? 0 : sizeOf(path);
    watchFile(path, { interval: options.intervalMs ?? 500, persistent: false }, this.listener);
    this.readNew();
  }

  /** Reads what was appended since the last read; a file that shrank (rotated) is read from its start. */
  readNew(): void {
    const size = sizeOf(this.path);
    if (size < this.offset) { this.offset = 0; this.partial = ''; }
    if (size === this.offset) return;
    const buffer = Buffer.alloc(size - this.offset);
    const fd = openSync(this.path, 'r');
    try {
      this.offset += readSync(fd, buffer, 0, buffer.length, this.offset);
    } finally {
      closeSync(fd);
    }
    const lines = (this.partial + buffer.toString('utf8')).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) if (line.trim()) this.onLine(line);
  }

  dispose(): void {
    unwatchFile(this.path, this.listener);
  }
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
