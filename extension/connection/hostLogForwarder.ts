import { LogFileTail } from './logFileTail.ts';
import type { SupervisorLog } from './hostSupervisor.ts';

/** Shows the host's log file in the output channel, each line at its own level, from when it is followed. */
export class HostLogForwarder {
  private tail: LogFileTail | undefined;
  private readonly path: string;
  private readonly log: SupervisorLog;
  private readonly tag: string;

  constructor(path: string, log: SupervisorLog, tag: string) {
    this.path = path;
    this.log = log;
    this.tag = tag;
  }

  /** Follows what is written from now on (a host rotates the file when it starts: then from its start). */
  follow(): void {
    this.tail?.dispose();
    this.tail = new LogFileTail(this.path, (line) => this.forward(line), { fromStart: false });
  }

  /** Reads what the host wrote last (before it went away). */
  readNew(): void {
    this.tail?.readNew();
  }

  dispose(): void {
    this.tail?.dispose();
    this.tail = undefined;
  }

  private forward(line: string): void {
    const text = `${this.tag} ${line}`;
    if (/ ERROR /.test(line)) this.log.error(text);
    else if (/ WARN /.test(line)) this.log.warn(text);
    else if (/ DEBUG /.test(line)) this.log.debug(text);
    else this.log.info(text);
  }
}
