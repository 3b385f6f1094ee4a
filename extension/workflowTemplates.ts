import * as vscode from 'vscode';

const PROMPT = `You are working on {{ issue.identifier }}: {{ issue.title }}.

{% if issue.description %}{{ issue.description }}{% endif %}

Work only inside the current directory, which is this issue's workspace. Run the tests before you
finish, and say in one sentence what you changed.
`;

const TEMPLATES = {
  linear: `---
tracker:
  kind: linear
  project_slug: your-project-slug    # the project's slugId, from its Linear URL
  # api_key: $LINEAR_API_KEY         # default; OpenSymphony passes the key from VS Code's secret storage
  active_states: [Todo, In Progress]
  terminal_states: [Done, Canceled, Duplicate]
workspace:
  root: .opensymphony/workspaces
hooks:
  after_create: git clone --depth 1 "$(git -C .. rev-parse --show-toplevel)" .
agent:
  max_concurrent_agents: 3
  max_turns: 20
codex:
  command: codex app-server
  approval_policy: untrusted
  thread_sandbox: workspace-write
---
${PROMPT}`,
  local: `---
tracker:
  kind: local
  path: issues.yaml                  # issues live in this file; edit it and the task graph follows
workspace:
  root: .opensymphony/workspaces
agent:
  max_concurrent_agents: 2
codex:
  command: codex app-server
  approval_policy: untrusted
  thread_sandbox: workspace-write
---
${PROMPT}`,
} as const;

const LOCAL_ISSUES = `# Local tracker for OpenSymphony: one record per issue.
issues:
  - identifier: TASK-1
    title: Describe the first task
    state: Todo
    priority: 2
    labels: []
`;

/** "Create WORKFLOW.md": asks which tracker, writes the template (and issues.yaml for local), opens it. */
export async function createWorkflowFromTemplate(): Promise<void> {
  const folder = await pickFolder();
  if (!folder) return;
  const target = vscode.Uri.joinPath(folder.uri, 'WORKFLOW.md');
  if (await exists(target)) {
    await vscode.window.showTextDocument(target);
    void vscode.window.showInformationMessage(`${folder.name} already has a WORKFLOW.md.`);
    return;
  }
  const choice = await vscode.window.showQuickPick([
    { label: 'Linear', description: 'issues from a Linear project', tracker: 'linear' as const },
    { label: 'Local file', description: 'issues in issues.yaml in this repository; no account needed', tracker: 'local' as const },
  ], { title: 'Where do the issues come from?' });
  if (!choice) return;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(TEMPLATES[choice.tracker]));
  const issues = vscode.Uri.joinPath(folder.uri, 'issues.yaml');
  if (choice.tracker === 'local' && !(await exists(issues))) await vscode.workspace.fs.writeFile(issues, new TextEncoder().encode(LOCAL_ISSUES));
  await vscode.window.showTextDocument(target);
}

async function pickFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'Folder for the new WORKFLOW.md' });
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
