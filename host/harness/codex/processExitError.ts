import { CodexError, CodexErrorCodes } from './codexErrors.ts';
import type { CodexProcessExit } from './codexProcess.ts';

/** bash's exit codes for "command not found" and "found but not executable". */
const NOT_FOUND_EXIT_CODES = new Set([126, 127]);
const STDERR_LINES_IN_MESSAGE = 5;

/**
 * Turns a process exit into an actionable error: `codex_not_found` when the command could not be
 * run at all (during startup), `port_exit` otherwise, quoting the end of stderr either way.
 */
export function processExitError(exit: CodexProcessExit, command: string, stderrTail: string[], duringStartup: boolean): CodexError {
  const stderr = stderrTail.slice(-STDERR_LINES_IN_MESSAGE).join('\n');
  const detail = stderr ? `\nstderr:\n${stderr}` : '';
  if (exit.spawnError) {
    return new CodexError(CodexErrorCodes.notFound, `Could not start bash to run codex.command (${exit.spawnError.message}).`, { cause: exit.spawnError });
  }
  if (duringStartup && exit.code !== null && NOT_FOUND_EXIT_CODES.has(exit.code)) {
    return new CodexError(
      CodexErrorCodes.notFound,
      `codex.command \`${command}\` could not be run (exit ${exit.code}). Install @openai/codex or point codex.command in WORKFLOW.md at a codex binary.${detail}`,
    );
  }
  const how = exit.signal ? `signal ${exit.signal}` : `code ${exit.code}`;
  const when = duringStartup ? 'before the session started' : 'during the session';
  return new CodexError(CodexErrorCodes.portExit, `codex app-server exited ${when} (${how}); command \`${command}\`.${detail}`);
}
