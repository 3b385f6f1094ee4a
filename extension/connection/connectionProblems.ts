import type { HostState } from './hostLink.ts';

/**
 * Bad input turned into what the user reads and can do next: a wrong gateway URL or token, a host
 * that refuses or dies, a WORKFLOW.md with errors, a Linear key without access. Each problem is a
 * notification with the action that fixes it (and the view's message says the same), never a
 * silent empty tree. Plain data, no `vscode` import.
 */

/** A button: its label and the command it runs, or the file (and line) it opens. */
export interface ProblemAction {
  label: string;
  command?: string;
  open?: { path: string; line: number | null };
}

export interface ConnectionProblem {
  /** Stable while the same problem lasts, so it is announced once. */
  key: string;
  severity: 'error' | 'warning';
  message: string;
  actions: ProblemAction[];
}

/** What the problems are computed from, for one connection. */
export interface ConnectionFacts {
  name: string;
  remote: boolean;
  hostState: HostState;
  hostError: string | null;
  workflowError: { path: string; message: string; line: number | null } | null;
  trackerError: string | null;
}

export const Actions = {
  showLogs: { label: 'Show Logs', command: 'opensymphony.showLogs' },
  restartHost: { label: 'Restart Host', command: 'opensymphony.restartHost' },
  connectRemote: { label: 'Connect to Remote Gateway…', command: 'opensymphony.connectRemote' },
  useLocalHost: { label: 'Use Local Host', command: 'opensymphony.useLocalHost' },
  setLinearKey: { label: 'Set Linear API Key', command: 'opensymphony.setLinearApiKey' },
} as const satisfies Record<string, ProblemAction>;

/** True when a tracker error says the Linear credential is missing, wrong or without access. */
export function isCredentialProblem(trackerError: string): boolean {
  return /missing_tracker_api_key|No Linear API key|HTTP 40[13]\b|api_key in WORKFLOW\.md \(or LINEAR_API_KEY\)|lack access/i.test(trackerError);
}

/** The next step for a tracker error, as the view's message and the notification say it. */
export function trackerAdvice(trackerError: string): string {
  return isCredentialProblem(trackerError)
    ? 'Run "OpenSymphony: Set Linear API Key" with a key that can read the project (or sign in with Linear Connect).'
    : 'Check the tracker settings in WORKFLOW.md; the host retries on its next poll.';
}

/** Every problem of every connection, in a stable order. */
export function connectionProblems(connections: readonly ConnectionFacts[]): ConnectionProblem[] {
  return connections.flatMap((facts) => {
    const prefix = connections.length > 1 ? `${facts.name}: ` : '';
    return [hostProblem(facts, prefix), workflowProblem(facts, prefix), trackerProblem(facts, prefix)].filter((problem): problem is ConnectionProblem => problem !== null);
  });
}

function hostProblem(facts: ConnectionFacts, prefix: string): ConnectionProblem | null {
  if (facts.hostState !== 'failed') return null;
  const message = `OpenSymphony: ${prefix}${facts.hostError ?? 'the host failed.'}`;
  const actions = facts.remote ? [Actions.connectRemote, Actions.useLocalHost, Actions.showLogs] : [Actions.restartHost, Actions.showLogs];
  return { key: `host:${facts.name}:${facts.hostError ?? ''}`, severity: 'error', message, actions };
}

function workflowProblem(facts: ConnectionFacts, prefix: string): ConnectionProblem | null {
  const error = facts.workflowError;
  if (!error) return null;
  const where = error.line ? ` line ${error.line}` : '';
  return {
    key: `workflow:${facts.name}:${error.line ?? ''}:${error.message}`,
    severity: 'warning',
    message: `OpenSymphony: ${prefix}WORKFLOW.md${where}: ${error.message}. The host keeps running on the last valid version until you fix it.`,
    actions: [{ label: 'Open WORKFLOW.md', open: { path: error.path, line: error.line } }],
  };
}

function trackerProblem(facts: ConnectionFacts, prefix: string): ConnectionProblem | null {
  if (!facts.trackerError) return null;
  const credential = isCredentialProblem(facts.trackerError);
  return {
    // One announcement per kind: other tracker errors vary (retry times) and would repeat.
    key: `tracker:${facts.name}:${credential ? 'credential' : 'other'}`,
    severity: credential ? 'error' : 'warning',
    message: `OpenSymphony: ${prefix}the tracker failed: ${facts.trackerError} ${credential ? trackerAdvice(facts.trackerError) : ''}`.trim(),
    actions: credential ? [Actions.setLinearKey, Actions.showLogs] : [Actions.showLogs],
  };
}

/** What a failed attach to a remote gateway says: which of URL, network or token is wrong, and what to do. */
export function remoteFailureText(url: string, failure: { code?: string; status?: number; message: string }): string {
  const again = 'Run "OpenSymphony: Connect to Remote Gateway…" to correct it, or "OpenSymphony: Use Local Host".';
  if (failure.status === 401 || failure.status === 403 || failure.code === 'unauthorized') {
    return `The gateway at ${url} refused the token (HTTP ${failure.status ?? 401}): it is wrong or was rotated. ${again}`;
  }
  if (failure.code === 'invalid_url') return `"${url}" is not a gateway URL (expected https://host:port). ${again}`;
  if (failure.code === 'gateway_not_ready' || failure.code === 'gateway_unreachable') {
    return `No OpenSymphony gateway answers at ${url} (${failure.message}). Check the URL and that the gateway is running ("serve --listen"). ${again}`;
  }
  return `The gateway at ${url} could not be attached: ${failure.message}. ${again}`;
}
