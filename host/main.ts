import { createStderrLogger } from './base/logger.ts';
import { CodedError, errorMessage } from './base/errors.ts';
import { parseServeArgs, USAGE } from './composition/cliArgs.ts';
import { startHost } from './composition/hostRuntime.ts';
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
  const log = createStderrLogger(options.logLevel);
  const host = await startHost(options, log);
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
    const code = error instanceof CodedError ? error.code : 'fatal';
    process.stderr.write(`${new Date().toISOString()} ERROR [host] ${code}: ${errorMessage(error)}\n`);
    process.exit(1);
  },
);
