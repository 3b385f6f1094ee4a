// The sample repository the end-to-end test and `npm start` open: a WORKFLOW.md on the local
// tracker, a small issue graph (a milestone holding a parent with two sub-issues, one of them
// blocked, a standalone DEMO-1, and DEMO-5..8 for the later flows), a README, and a git-ignored
// folder for the per-issue workspaces.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SampleIssue {
  identifier: string;
  title: string;
  description: string;
  state: string;
  priority: number;
  labels: string[];
  parent?: string;
  blocked_by?: string[];
  /** The local tracker's milestone (a named group inside the folder's one project). */
  milestone?: string;
}

/** The milestone of the welcome-page issues; DEMO-1 sits directly under the project. */
export const sampleMilestone = 'Welcome page';

export const sampleIssues: readonly SampleIssue[] = [
  { identifier: 'DEMO-1', title: 'Write the greeting file', description: 'Create greeting.txt with a friendly hello.', state: 'Todo', priority: 1, labels: ['demo'] },
  { identifier: 'DEMO-2', title: 'Ship the welcome page', description: 'Parent issue: the welcome page, split into copy and styling.', state: 'In Progress', priority: 2, labels: ['web'], milestone: sampleMilestone },
  { identifier: 'DEMO-3', title: 'Draft the welcome copy', description: 'Write the text of the welcome page.', state: 'Todo', priority: 2, labels: ['web', 'copy'], parent: 'DEMO-2', milestone: sampleMilestone },
  { identifier: 'DEMO-4', title: 'Style the welcome page', description: 'Apply the house style once the copy exists.', state: 'Todo', priority: 3, labels: ['web'], parent: 'DEMO-2', blocked_by: ['DEMO-3'], milestone: sampleMilestone },
  // Issues of the later end-to-end flows (test/e2e/agentFlowIssues.ts says what the agent does for each).
  { identifier: 'DEMO-5', title: 'Greet the team (to be denied)', description: 'The agent asks to write greeting.txt; the reviewer says no.', state: 'Todo', priority: 3, labels: ['demo'] },
  { identifier: 'DEMO-6', title: 'Write two notes', description: 'Write first.txt, then second.txt.', state: 'Todo', priority: 3, labels: ['demo'] },
  { identifier: 'DEMO-7', title: 'Think it over', description: 'A slow answer: pause, cancel and retry it.', state: 'Todo', priority: 4, labels: ['demo'] },
  { identifier: 'DEMO-8', title: 'Keep going across a reload', description: 'A slow answer that outlives the window.', state: 'Todo', priority: 4, labels: ['demo'] },
];

/** Folder (inside the sample workspace, git-ignored) that holds one workspace per issue. */
export const workspacesFolderName = 'workspaces';

export interface SampleWorkspace {
  dir: string;
  workflowPath: string;
  issuesPath: string;
  workspacesRoot: string;
  /** Where the orchestrator puts the workspace of `identifier` (Symphony §4 key; DEMO-n needs no escaping). */
  issueWorkspace(identifier: string): string;
}

export interface SampleWorkspaceOptions {
  dir: string;
  /** `codex.command` for WORKFLOW.md, e.g. a wrapper that points the real codex at the mock model. */
  codexCommand: string;
  /** Keep an existing issues.yaml and README (npm start reuses the demo folder); WORKFLOW.md is always rewritten. */
  keepExisting?: boolean;
  /** `codex.read_timeout_ms` for a busy machine; absent keeps the default (the in-host suite sets its own). */
  codexReadTimeoutMs?: number;
}

export function createSampleWorkspace(options: SampleWorkspaceOptions): SampleWorkspace {
  const { dir } = options;
  const workspacesRoot = join(dir, workspacesFolderName);
  mkdirSync(workspacesRoot, { recursive: true });
  const writeOnce = (name: string, text: string) => {
    const path = join(dir, name);
    if (!options.keepExisting || !existsSync(path)) writeFileSync(path, text);
    return path;
  };
  const workflowPath = join(dir, 'WORKFLOW.md');
  writeFileSync(workflowPath, workflowText(workspacesRoot, options));
  const issuesPath = writeOnce('issues.yaml', issuesYaml(sampleIssues));
  writeOnce('README.md', readmeText());
  writeOnce('.gitignore', `${workspacesFolderName}/\n`);
  return { dir, workflowPath, issuesPath, workspacesRoot, issueWorkspace: (identifier) => join(workspacesRoot, identifier) };
}

function workflowText(workspacesRoot: string, options: SampleWorkspaceOptions): string {
  return `---
tracker:
  kind: local
  path: issues.yaml
  # This sample dispatches nothing by itself: start runs from the Task Graph ("Start Run").
  # List states here (e.g. [Todo, In Progress]) to let the orchestrator pick issues up on its own.
  active_states: []
workspace:
  root: ${JSON.stringify(workspacesRoot)}
codex:
  command: ${JSON.stringify(options.codexCommand)}
  approval_policy: untrusted
  thread_sandbox: workspace-write
${options.codexReadTimeoutMs ? `  # Generous for a busy machine (shared CI cores): codex app-server can take longer than the
  # default 5 s to answer its first request there.
  read_timeout_ms: ${options.codexReadTimeoutMs}
` : ''}agent:
  max_concurrent_agents: 2
---
You are working on {{ issue.identifier }}: {{ issue.title }}.

{% if issue.description %}{{ issue.description }}{% endif %}

Work only inside the current directory, which is the workspace of {{ issue.identifier }}.
When you are done, say in one sentence what you changed.
`;
}

function yamlList(values: readonly string[]): string {
  return `[${values.map((value) => JSON.stringify(value)).join(', ')}]`;
}

function issuesYaml(issues: readonly SampleIssue[]): string {
  const records = issues.map((issue) => [
    `  - identifier: ${issue.identifier}`,
    `    title: ${JSON.stringify(issue.title)}`,
    `    description: ${JSON.stringify(issue.description)}`,
    `    state: ${JSON.stringify(issue.state)}`,
    `    priority: ${issue.priority}`,
    `    labels: ${yamlList(issue.labels)}`,
    ...(issue.parent ? [`    parent: ${issue.parent}`] : []),
    ...(issue.milestone ? [`    milestone: ${JSON.stringify(issue.milestone)}`] : []),
    ...(issue.blocked_by?.length ? [`    blocked_by: ${yamlList(issue.blocked_by)}`] : []),
  ].join('\n'));
  return `# Local tracker for the OpenSymphony sample. Edit freely: the task graph follows changes.\nissues:\n${records.join('\n')}\n`;
}

function readmeText(): string {
  return `# OpenSymphony sample

A small repository for trying OpenSymphony for VS Code without a Linear account.

- \`WORKFLOW.md\` configures the orchestrator: the local tracker below, the Codex agent, and the prompt.
- \`issues.yaml\` is the local tracker: DEMO-1 stands alone; DEMO-2 (in the milestone "Welcome page") has two sub-issues, and DEMO-4 is blocked by DEMO-3.
- \`${workspacesFolderName}/\` (git-ignored) gets one workspace per issue when a run starts.

Open the OpenSymphony view in the activity bar, right-click DEMO-1 and choose **Start Run**.
The agent's output appears in the \`OpenSymphony: DEMO-1\` terminal; approve its command in the notification.
`;
}
