import type { Logger } from '../base/logger.ts';
import { truncateHookOutput, type HookObserver } from './hookRunner.ts';

/** Logs hook starts, outcomes (output truncated) and workspace upkeep warnings (Symphony §4 hooks). */
export function hookLogObserver(log: Logger): HookObserver {
  return {
    started: (hook, cwd) => log.log('debug', 'workspace', `hook ${hook} started`, { cwd }),
    finished: (hook, cwd, result) => log.log(result.outcome === 'ok' ? 'info' : 'warn', 'workspace', `hook ${hook} ${result.outcome}`, {
      cwd, duration_ms: result.durationMs, exit_code: result.exitCode,
      output: result.outcome === 'ok' ? undefined : truncateHookOutput(result.output),
    }),
    warning: (message, path) => log.log('warn', 'workspace', message, { path }),
  };
}
