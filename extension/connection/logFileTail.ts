import { closeSync, openSync, readSync, statSync, unwatchFile, watchFile } from 'node:fs';

/**
 * Follows a growing log file line by line. The host writes its log to a file rather than to a pipe
 * so that it can outlive the window that started it; every window attached to it reads the file.
 */
export class LogFileTail {
  private offset: number;
  /** The file's inode: rotation replaces it. */
  private file: number;
  private partial = '';
  private readonly path: string;
  private readonly onLine: (line: string) => void;
  private readonly listener = () => this.readNew();

  /** `fromStart`: the whole file (a host this window started); else only what is written from now on. */
  constructor(path: string, onLine: (line: string) => void, options: { fromStart: boolean; intervalMs?: number }) {
    this.path = path;
    this.onLine = onLine;
    const { size, file } = statOf(path);
    this.offset = options.fromStart ? 0 : size;
    this.file = file;
    watchFile(path, { interval: options.intervalMs ?? 500, persistent: false }, this.listener);
    this.readNew();
  }

  /** Reads what was appended since the last read; a file that was replaced or shrank (rotated) is read from its start. */
  readNew(): void {
    const { size, file } = statOf(this.path);
    // A new host rotates the log: a new file (or a shorter one) is read from its start.
    if (size < this.offset || file !== this.file) { this.offset = 0; this.partial = ''; this.file = file; }
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

function statOf(path: string): { size: number; file: number } {
  try {
    const info = statSync(path);
    return { size: info.size, file: info.ino };
  } catch {
    return { size: 0, file: 0 };
  }
}
