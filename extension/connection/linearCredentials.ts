import * as vscode from 'vscode';

const SECRET_KEY = 'opensymphony.linearApiKey';
const LINEAR_AUTH_PROVIDER = 'linear';

/**
 * Where the host's Linear credential comes from: a session of the `linear` authentication provider
 * (the Linear Connect extension) when one exists, otherwise an API key kept in SecretStorage. The
 * credential reaches the host only through its environment; it is never written to settings or logs.
 */
export class LinearCredentials implements vscode.Disposable {
  private readonly secrets: vscode.SecretStorage;
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changeEmitter.event;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(secrets: vscode.SecretStorage) {
    this.secrets = secrets;
    this.disposables.push(secrets.onDidChange((event) => { if (event.key === SECRET_KEY) this.changeEmitter.fire(); }));
    this.disposables.push(vscode.authentication.onDidChangeSessions((event) => { if (event.provider.id === LINEAR_AUTH_PROVIDER) this.changeEmitter.fire(); }));
  }

  /** The environment for a host: LINEAR_API_KEY when a credential is known, nothing otherwise. */
  async hostEnvironment(): Promise<Record<string, string>> {
    const key = await this.credential();
    return key ? { LINEAR_API_KEY: key } : {};
  }

  async hasCredential(): Promise<boolean> {
    return (await this.credential()) !== undefined;
  }

  /** Prompts once for an API key and stores it in SecretStorage. */
  async promptForApiKey(): Promise<boolean> {
    const key = await vscode.window.showInputBox({
      title: 'Linear API key for OpenSymphony',
      prompt: 'Create a personal API key in Linear (Settings → Security & access → Personal API keys). It is kept in VS Code\'s secret storage.',
      password: true,
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim().length < 10 ? 'That does not look like a Linear API key.' : undefined),
    });
    if (!key) return false;
    await this.secrets.store(SECRET_KEY, key.trim());
    return true;
  }

  async clear(): Promise<void> {
    await this.secrets.delete(SECRET_KEY);
  }

  private async credential(): Promise<string | undefined> {
    const session = await this.linearSession();
    if (session) return `Bearer ${session.accessToken}`;
    return (await this.secrets.get(SECRET_KEY)) || undefined;
  }

  private async linearSession(): Promise<vscode.AuthenticationSession | undefined> {
    // Asked for a provider nobody contributes, VS Code waits seconds for it to register; every host start paid that.
    if (!linearProviderInstalled()) return undefined;
    try {
      return await vscode.authentication.getSession(LINEAR_AUTH_PROVIDER, ['read', 'write'], { silent: true });
    } catch {
      return undefined; // no provider registered: Linear Connect is not installed
    }
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
    this.changeEmitter.dispose();
  }
}

/** Whether an installed extension (Linear Connect) contributes the `linear` authentication provider. */
function linearProviderInstalled(): boolean {
  return vscode.extensions.all.some((extension) => {
    const contributes = (extension.packageJSON as { contributes?: { authentication?: { id?: unknown }[] } } | undefined)?.contributes;
    return contributes?.authentication?.some((provider) => provider.id === LINEAR_AUTH_PROVIDER) === true;
  });
}
