import * as os from 'node:os';
import * as nodePath from 'node:path';

/** Where path values are resolved from; injectable so tests and the CLI do not depend on the machine. */
export interface PathEnvironment {
  env: Readonly<Record<string, string | undefined>>;
  homedir: string;
  tmpdir: string;
}

export function systemPathEnvironment(): PathEnvironment {
  return { env: process.env, homedir: os.homedir(), tmpdir: os.tmpdir() };
}

/** Default `workspace.root` (§2.3): a folder in the system temp directory. */
export function defaultWorkspaceRoot(environment: PathEnvironment): string {
  return nodePath.join(environment.tmpdir, 'symphony_workspaces');
}

const WHOLE_VARIABLE = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/;

/** A path value that refers to an environment variable that is unset or empty. */
export class UnsetVariableError extends Error {
  readonly variable: string;

  constructor(variable: string) {
    super(`environment variable ${variable} is not set or empty`);
    this.variable = variable;
  }
}

/**
 * Resolves a path-like config value (§2.2): a value that is exactly `$NAME` (or `${NAME}`) is
 * replaced by that variable, a leading `~` by the home folder, and a relative result is made
 * absolute against `baseDirectory` (the folder that holds WORKFLOW.md).
 */
export function resolvePathValue(value: string, baseDirectory: string, environment: PathEnvironment): string {
  const variable = WHOLE_VARIABLE.exec(value.trim())?.[1];
  let resolved = value.trim();
  if (variable !== undefined) {
    // An empty value counts as missing (§2.2): silently using "" would mean the WORKFLOW.md folder.
    const fromEnvironment = environment.env[variable];
    if (fromEnvironment === undefined || fromEnvironment.trim() === '') throw new UnsetVariableError(variable);
    resolved = fromEnvironment.trim();
  }
  if (resolved === '~') resolved = environment.homedir;
  else if (resolved.startsWith('~/') || resolved.startsWith('~\\')) resolved = nodePath.join(environment.homedir, resolved.slice(2));
  return nodePath.resolve(baseDirectory, resolved);
}
