import './runtimeGuard.ts';
import { createLogger, createStderrLogger, type Logger } from './base/logger.ts';
import { CodedError, errorMessage } from './base/errors.ts';
import { parseServeArgs, USAGE } from './composition/cliArgs.ts';
import { startHost } from './composition/hostRuntime.ts';
import { lockDataFolder, type DataFolderLock } from './composition/dataFolderLock.ts';
import { openHostLogFile } from './composition/hostLogFile.ts';
import type { ServeOptions } from './composition/cliArgs.ts';
import { UnattendedExit } from './composition/unattendedExit.ts';
import { doctorCommand } from './composition/doctorCommand.ts';
import { validateCommand } from './composition/validateCommand.ts';

/** The CLI's commands, each resolving with the exit code. */
const commands: Readonly<Record<string, (args: string[]) => Promise<number>>> = {
  /** Runs the host until SIGINT/SIGTERM. */
  serve,
  /** Checks a configuration (the serve flags) and says what is wrong; exit 1 when anything is. */
  doctor: (args) => doctorCommand(args),
  /** Checks a WORKFLOW.md and prints the effective configuration. */
  validate: (args) => validateCommand(args[0] ?? 'WORKFLOW.md'),
};

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const run = command !== undefined && Object.hasOwn(commands, command) ? commands[command] : undefined;
  if (run) return run(rest);
  process.stderr.write(`${USAGE}\n`);
  return command === undefined || command === '--help' ? 0 : 2;
}

async function serve(args: string[]): Promise<number> {
  const options = parseServeArgs(args);
  // Taken before anything is written: a host that finds the folder taken leaves its log alone.
  const dataLock = lockDataFolder(options.data);
  const logFile = options.logFile === undefined ? undefined : openHostLogFile(options.logFile);
  const log = logFile ? createLogger(options.logLevel, (line) => logFile.write(line)) : createStderrLogger(options.logLevel);
  try {
    return await serveUntilStopped(options, log, dataLock);
  } catch (error) {
    // The log file is where the editor looks; stderr (main's handler) gets it too.
    if (logFile) log.log('error', 'host', fatalText(error));
    throw error;
  }
}

async function serveUntilStopped(options: ServeOptions, log: Logger, dataLock: DataFolderLock): Promise<number> {
  const host = await startHost(options, log, dataLock);
  let unattended: UnattendedExit | undefined;
  await new Promise<void>((resolve) => {
    const stop = (reason: string) => { log.log('info', 'host', 'stopping', { reason }); resolve(); };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
    if (options.exitUnattendedMs !== null) {
      const graceMs = options.exitUnattendedMs;
      unattended = new UnattendedExit({ graceMs, subscribers: () => host.streamSubscribers(), onExpire: () => stop(`no client for ${graceMs / 1000} s`) });
    }
  });
  unattended?.dispose();
  await host.stop();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${new Date().toISOString()} ERROR [host] ${fatalText(error)}\n`);
    process.exit(1);
  },
);

function fatalText(error: unknown): string {
  return `${error instanceof CodedError ? error.code : 'fatal'}: ${errorMessage(error)}`;
}
