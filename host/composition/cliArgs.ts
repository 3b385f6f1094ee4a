import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { CodedError } from '../base/errors.ts';
import type { LogLevel } from '../base/logger.ts';

export interface ServeOptions {
  workflow: string;
  data: string;
  socket: string;
  tokenFile: string;
  logLevel: LogLevel;
}

export const USAGE = `Usage:
  opensymphony-host serve --workflow <WORKFLOW.md> --data <dir> --socket <path> --token-file <file> [--log-level info]
  opensymphony-host validate [WORKFLOW.md]`;

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** Parses `serve` flags; missing flags are a usage error that says which. */
export function parseServeArgs(args: string[]): ServeOptions {
  const { values } = parseArgs({
    args,
    options: {
      workflow: { type: 'string' }, data: { type: 'string' }, socket: { type: 'string' },
      'token-file': { type: 'string' }, 'log-level': { type: 'string', default: 'info' },
    },
    strict: true,
  });
  const missing = ['workflow', 'data', 'socket', 'token-file'].filter((name) => !values[name as keyof typeof values]);
  if (missing.length) throw new CodedError('usage', `missing ${missing.map((name) => `--${name}`).join(', ')}\n${USAGE}`);
  const logLevel = values['log-level'] as LogLevel;
  if (!LEVELS.includes(logLevel)) throw new CodedError('usage', `--log-level must be one of ${LEVELS.join(', ')}`);
  return {
    workflow: resolve(values.workflow!),
    data: resolve(values.data!),
    socket: values.socket!.startsWith('\\\\') ? values.socket! : resolve(values.socket!),
    tokenFile: resolve(values['token-file']!),
    logLevel,
  };
}
