import { createStderrLogger } from './base/logger.ts';
import { CodedError, errorMessage } from './base/errors.ts';
import { parseServeArgs, USAGE } from './composition/cliArgs.ts';
import { startHost } from './composition/hostRuntime.ts';
import { validateCommand } from './composition/validateCommand.ts';

/** CLI entry: `serve` runs the host until SIGINT/SIGTERM; `validate` checks a WORKFLOW.md. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === 'serve') return serve(rest);
  if (command === 'validate') return validateCommand(rest[0] ?? 'WORKFLOW.md');
  process.stderr.write(`${USAGE}\n`);
  return command === undefined || command === '--help' ? 0 : 2;
}

async function serve(args: string[]): Promise<number> {
  const options = parseServeArgs(args);
  const log = createStderrLogger(options.logLevel);
  const host = await startHost(options, log);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => { log.log('info', 'host', 'stopping', { signal }); resolve(); };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
  });
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
