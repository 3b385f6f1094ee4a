import * as vscode from 'vscode';

const TOKEN_KEY_PREFIX = 'opensymphony.remoteToken:';

/** The connection profile: local hosts per folder (default), or one remote gateway. */
export interface ConnectionProfile {
  mode: 'local' | 'remote';
  remoteUrl: string;
}

export function connectionProfile(): ConnectionProfile {
  const config = vscode.workspace.getConfiguration('opensymphony');
  return { mode: config.get<'local' | 'remote'>('connection.mode', 'local'), remoteUrl: config.get<string>('remote.url', '').trim() };
}

export function remoteToken(secrets: vscode.SecretStorage, url: string): Promise<string | undefined> {
  return Promise.resolve(secrets.get(TOKEN_KEY_PREFIX + url));
}

/** Asks for a gateway URL and its token; stores the token in SecretStorage and switches to remote. */
export async function connectToRemote(secrets: vscode.SecretStorage): Promise<boolean> {
  const url = await vscode.window.showInputBox({
    title: 'Connect to a remote OpenSymphony gateway',
    prompt: 'The gateway URL, e.g. https://symphony.example.com:7443',
    value: connectionProfile().remoteUrl,
    ignoreFocusOut: true,
    validateInput: (value) => (/^(https|wss|http|ws):\/\/[^\s/]+/.test(value.trim()) ? undefined : 'Enter an https:// (or wss://) URL.'),
  });
  if (!url) return false;
  const token = await vscode.window.showInputBox({ title: 'Gateway token', prompt: 'Kept in VS Code\'s secret storage.', password: true, ignoreFocusOut: true });
  if (!token) return false;
  const trimmed = url.trim().replace(/\/+$/, '');
  if (trimmed.startsWith('http://') || trimmed.startsWith('ws://')) {
    const host = vscode.Uri.parse(trimmed).authority;
    if (!/^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(host)) {
      const choice = await vscode.window.showWarningMessage(`${host} is not loopback and the URL is not https: the token would cross the network in clear text.`, { modal: true }, 'Connect Anyway');
      if (choice !== 'Connect Anyway') return false;
    }
  }
  await storeRemoteConnection(secrets, trimmed, token);
  return true;
}

/** Keeps the token in SecretStorage and switches this workspace to the remote gateway. */
export async function storeRemoteConnection(secrets: vscode.SecretStorage, url: string, token: string): Promise<void> {
  const trimmed = url.trim().replace(/\/+$/, '');
  await secrets.store(TOKEN_KEY_PREFIX + trimmed, token.trim());
  const config = vscode.workspace.getConfiguration('opensymphony');
  await config.update('remote.url', trimmed, vscode.ConfigurationTarget.Global);
  await config.update('connection.mode', 'remote', profileTarget());
}

export async function useLocalHost(): Promise<void> {
  await vscode.workspace.getConfiguration('opensymphony').update('connection.mode', 'local', profileTarget());
}

/** The profile is per workspace when one is open, else for the user. */
function profileTarget(): vscode.ConfigurationTarget {
  return vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
}

/** `opensymphony.gateway.expose`: also serve the gateway on loopback TCP for other clients. */
export function exposedGatewayPort(): number | null {
  const config = vscode.workspace.getConfiguration('opensymphony');
  return config.get<boolean>('gateway.expose', false) ? config.get<number>('gateway.port', 7421) : null;
}
