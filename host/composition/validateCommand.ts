import { resolve } from 'node:path';
import { loadWorkflow } from '../workflow/workflowLoader.ts';
import { withRedactedTrackerSecret } from '../workflow/trackerSecret.ts';
import { CodedError, errorMessage } from '../base/errors.ts';

/** `validate [path]`: prints the effective configuration, or the typed error and exits 1. */
export async function validateCommand(path: string): Promise<number> {
  try {
    const definition = await loadWorkflow(resolve(path));
    process.stdout.write(`${JSON.stringify({ path: definition.path, config: withRedactedTrackerSecret(definition.config), prompt_template: definition.promptTemplate }, null, 2)}\n`);
    return 0;
  } catch (error) {
    const code = error instanceof CodedError ? error.code : 'error';
    const line = (error as { line?: number | null }).line;
    process.stderr.write(`${code}${line ? ` (line ${line})` : ''}: ${errorMessage(error)}\n`);
    return 1;
  }
}
