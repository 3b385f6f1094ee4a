import { readFile } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { errorMessage } from '../base/errors.ts';
import { describeIssue } from './configIssues.ts';
import { parseFrontMatter, splitWorkflow } from './frontMatter.ts';
import type { KeyPath, ParsedFrontMatter } from './frontMatter.ts';
import { WorkflowConfigSchema } from './workflowConfig.ts';
import type { WorkflowConfig, WorkflowDefinition } from './workflowConfig.ts';
import { WorkflowError } from './workflowErrors.ts';
import { resolveSecretValue, resolveTrackerApiKey } from './trackerSecret.ts';
import { defaultWorkspaceRoot, resolvePathValue, systemPathEnvironment, UnsetVariableError } from './workflowPaths.ts';
import type { PathEnvironment } from './workflowPaths.ts';

const SECTIONS = ['tracker', 'polling', 'workspace', 'hooks', 'agent', 'codex'] as const;

/** Reads WORKFLOW.md; a file that cannot be read is `missing_workflow_file`. */
export async function readWorkflowText(path: string): Promise<string> {
  const absolute = nodePath.resolve(path);
  try {
    return await readFile(absolute, 'utf8');
  } catch (error) {
    throw new WorkflowError('missing_workflow_file',
      `Cannot read the workflow file ${absolute} (${errorMessage(error)}). Create a WORKFLOW.md there: optional YAML front matter between '---' lines, then the agent prompt.`,
      { path: absolute, cause: error });
  }
}

/** Reads and parses a WORKFLOW.md (Symphony §5). Throws `WorkflowError`. */
export async function loadWorkflow(path: string, environment: PathEnvironment = systemPathEnvironment()): Promise<WorkflowDefinition> {
  return parseWorkflow(await readWorkflowText(path), path, environment);
}

/**
 * Turns WORKFLOW.md text into a definition: front matter validated against the schema with
 * defaults (unknown keys ignored), path values resolved, body trimmed into the prompt template.
 */
export function parseWorkflow(text: string, path: string, environment: PathEnvironment = systemPathEnvironment()): WorkflowDefinition {
  const absolute = nodePath.resolve(path);
  const sections = splitWorkflow(text, absolute);
  const frontMatter: ParsedFrontMatter = sections.frontMatter === null
    ? { raw: {}, lineOf: () => null }
    : parseFrontMatter(sections.frontMatter, sections.frontMatterLine, absolute);
  const config = validateConfig(frontMatter, absolute);
  return {
    path: absolute,
    config: resolvePaths(config, frontMatter, absolute, environment),
    promptTemplate: sections.body,
    promptTemplateLine: sections.bodyLine,
  };
}

function validateConfig(frontMatter: ParsedFrontMatter, path: string): WorkflowConfig {
  const result = WorkflowConfigSchema.safeParse(withEmptySectionsAsDefaults(frontMatter.raw));
  if (result.success) return result.data;
  const [first] = result.error.issues;
  const problems = result.error.issues.map((issue) => {
    const line = frontMatter.lineOf(issue.path);
    return `${describeIssue(issue, frontMatter.raw)}${line ? ` (line ${line})` : ''}`;
  });
  throw new WorkflowError('workflow_parse_error',
    `${path}: invalid front matter: ${problems.join('; ')}. Fix these keys in WORKFLOW.md; the host keeps the last valid settings until then.`,
    { path, line: first ? frontMatter.lineOf(first.path) : null, cause: result.error });
}

/** A section whose keys are all commented out parses as null; it means "use the defaults". */
function withEmptySectionsAsDefaults(raw: Record<string, unknown>): Record<string, unknown> {
  const copy = { ...raw };
  for (const section of SECTIONS) if (copy[section] === null) delete copy[section];
  return copy;
}

function resolvePaths(config: WorkflowConfig, frontMatter: ParsedFrontMatter, path: string, environment: PathEnvironment): WorkflowDefinition['config'] {
  const folder = nodePath.dirname(path);
  const resolve = (value: string, keyPath: KeyPath): string => {
    try {
      return resolvePathValue(value, folder, environment);
    } catch (error) {
      if (!(error instanceof UnsetVariableError)) throw error;
      const line = frontMatter.lineOf(keyPath);
      throw new WorkflowError('workflow_parse_error',
        `${path}${line ? `:${line}` : ''}: ${keyPath.join('.')} is ${value} but the environment variable ${error.variable} is not set or empty. Set it before starting the host, or write the path itself.`,
        { path, line, cause: error });
    }
  };
  const root = config.workspace.root;
  return {
    ...config,
    workspace: { ...config.workspace, root: root === null ? defaultWorkspaceRoot(environment) : resolve(root, ['workspace', 'root']) },
    tracker: {
      ...config.tracker,
      path: resolve(config.tracker.path, ['tracker', 'path']),
      api_key: resolveTrackerApiKey(config.tracker.kind, config.tracker.api_key, environment.env),
    },
    openhands: {
      ...config.openhands,
      session_api_key: resolveSecretValue(config.openhands.session_api_key, environment.env),
      llm: { ...config.openhands.llm, api_key: resolveSecretValue(config.openhands.llm.api_key, environment.env) },
    },
  };
}
