import { existsSync, openSync, renameSync, writeSync } from 'node:fs';

/** The host's log file (`serve --log-file`), which the editor's output channel follows; open until the process ends. */
export interface HostLogFile {
  write(line: string): void;
}

/**
 * Keeps the previous host's log as `<path>.1` and opens a fresh one. Call it only while holding the
 * data folder's lock: a host that finds the folder taken must leave the running host's log alone.
 * A line that cannot be written (disk full) goes to stderr rather than stopping the host.
 */
export function openHostLogFile(path: string): HostLogFile {
  if (existsSync(path)) renameSync(path, `${path}.1`);
  const fd = openSync(path, 'a', 0o600);
  return {
    write(line) {
      try {
        writeSync(fd, line);
      } catch {
        process.stderr.write(line);
      }
    },
  };
}
