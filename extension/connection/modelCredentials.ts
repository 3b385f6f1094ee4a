import * as vscode from 'vscode';

/** SecretStorage key of one model API key, by the environment variable a model profile names. */
const SECRET_PREFIX = 'opensymphony.modelApiKey.';
/** SecretStorage key of the list of variable names that have a stored key. */
const NAMES_KEY = 'opensymphony.modelApiKeyNames';
/** What WORKFLOW.md's OpenHands profile references by default (`openhands.llm.api_key: $LLM_API_KEY`). */
const DEFAULT_VARIABLE = 'LLM_API_KEY';
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Variables a stored key must never replace: they steer the host process itself, or have their own credential. */
const RESERVED = new Set(['PATH', 'HOME', 'NODE_OPTIONS', 'ELECTRON_RUN_AS_NODE', 'LINEAR_API_KEY']);

/**
 * Model API keys kept in SecretStorage for the model profiles of WORKFLOW.md (`api_key: $VAR`,
 * or a Codex provider's `env_key`). Each key reaches the local host only through its process
 * environment, under the variable name the profile references; it is never written to settings,
 * logs, events or snapshots (the host resolves `$VAR` and keeps the value out of everything it records).
 */
export class ModelCredentials {
  private readonly secrets: vscode.SecretStorage;

  constructor(secrets: vscode.SecretStorage) {
    this.secrets = secrets;
  }

  /** Every stored key under its variable name, for a host's environment. */
  async hostEnvironment(): Promise<Record<string, string>> {
    const environment: Record<string, string> = {};
    for (const name of await this.names()) {
      const key = await this.secrets.get(SECRET_PREFIX + name);
      if (key) environment[name] = key;
    }
    return environment;
  }

  /** Asks for the variable a profile references and its key, and stores the key; false when cancelled. */
  async promptForApiKey(): Promise<boolean> {
    const name = await vscode.window.showInputBox({
      title: 'Model API key for OpenSymphony (1/2): variable',
      prompt: 'The environment variable your WORKFLOW.md model profile references, e.g. LLM_API_KEY for openhands.llm.api_key: $LLM_API_KEY, or the env_key of a Codex model provider.',
      value: DEFAULT_VARIABLE,
      ignoreFocusOut: true,
      validateInput: (value) => problemWithName(value.trim()),
    });
    if (!name) return false;
    const key = await vscode.window.showInputBox({
      title: `Model API key for OpenSymphony (2/2): ${name.trim()}`,
      prompt: 'It is kept in VS Code\'s secret storage and given only to this workspace\'s local host, as that variable.',
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim().length < 8 ? 'That is too short to be an API key.' : undefined),
    });
    if (!key) return false;
    await this.store(name.trim(), key.trim());
    return true;
  }

  private async store(name: string, key: string): Promise<void> {
    await this.secrets.store(SECRET_PREFIX + name, key);
    const names = await this.names();
    if (!names.includes(name)) await this.secrets.store(NAMES_KEY, JSON.stringify([...names, name]));
  }

  private async names(): Promise<string[]> {
    try {
      const parsed: unknown = JSON.parse((await this.secrets.get(NAMES_KEY)) ?? '[]');
      return Array.isArray(parsed) ? parsed.filter((name): name is string => typeof name === 'string' && problemWithName(name) === undefined) : [];
    } catch {
      return [];
    }
  }
}

function problemWithName(name: string): string | undefined {
  if (!VARIABLE_NAME.test(name)) return 'Use an environment variable name: letters, digits and underscores, not starting with a digit.';
  if (RESERVED.has(name.toUpperCase())) return `${name} cannot hold a model key here${name.toUpperCase() === 'LINEAR_API_KEY' ? ' (use "OpenSymphony: Set Linear API Key")' : ''}.`;
  return undefined;
}
