import { z } from 'zod';

// Rules as messages that start with "must": the loader quotes them after the key path.
const POSITIVE_INTEGER = 'must be a positive integer';
const positiveInt = z.number({ error: POSITIVE_INTEGER }).int({ error: POSITIVE_INTEGER }).positive({ error: POSITIVE_INTEGER });
const integer = z.number({ error: 'must be an integer' }).int({ error: 'must be an integer' });

/** Per-state concurrency caps: state names trimmed and lower-cased; non-positive or non-integer caps ignored (§2.3). */
const ConcurrencyByStateSchema = z.record(z.string(), z.unknown()).default({}).transform((caps) => {
  const normalized: Record<string, number> = {};
  for (const [state, cap] of Object.entries(caps)) {
    if (typeof cap === 'number' && Number.isInteger(cap) && cap > 0) normalized[state.trim().toLowerCase()] = cap;
  }
  return normalized;
});

const HooksSchema = z.object({
  after_create: z.string().nullable().default(null),
  before_run: z.string().nullable().default(null),
  after_run: z.string().nullable().default(null),
  before_remove: z.string().nullable().default(null),
  timeout_ms: positiveInt.default(60_000),
});

const RULE_KEYS = 'must use only the keys action, command_prefix, path_glob and kind (a misspelt key would silently widen the rule)';

/** One `approvals.rules` entry: unknown keys are refused here, because a typo would turn a narrow rule into a catch-all. */
const ApprovalRuleConfigSchema = z.strictObject({
  action: z.enum(['allow', 'deny', 'ask']),
  /** Matches commands that start with this text (after an outer `bash -lc '…'` is unwrapped), at a word boundary. */
  command_prefix: z.string().trim().min(1).optional(),
  /** Matches file changes whose every file matches; relative globs are relative to the issue workspace. */
  path_glob: z.string().trim().min(1).optional(),
  kind: z.enum(['command', 'file_change']).optional(),
}, { error: (issue) => (issue.code === 'unrecognized_keys' ? RULE_KEYS : undefined) }).superRefine((rule, context) => {
  const fail = (message: string): void => { context.addIssue({ code: 'custom', message }); };
  if (rule.command_prefix !== undefined && rule.path_glob !== undefined) fail('must set command_prefix (for commands) or path_glob (for file changes), not both');
  else if (rule.command_prefix !== undefined && rule.kind === 'file_change') fail('must not combine command_prefix with kind: file_change (a file change carries no command)');
  else if (rule.path_glob !== undefined && rule.kind === 'command') fail('must not combine path_glob with kind: command (path_glob matches the files of a change)');
});
export type ApprovalRuleConfig = z.infer<typeof ApprovalRuleConfigSchema>;

/** An empty (all commented-out) section or list means the defaults. */
const nullAsDefault = <S extends z.ZodType>(schema: S) => z.preprocess((value) => value ?? undefined, schema);

/**
 * `approvals:` rules decide agent requests before a human is asked: first match wins, no match asks.
 * `input_timeout_ms` bounds how long an agent's question waits for a human before its turn fails.
 */
const ApprovalsSchema = nullAsDefault(z.object({
  rules: nullAsDefault(z.array(ApprovalRuleConfigSchema).default([])),
  input_timeout_ms: positiveInt.default(300_000),
}).prefault({}));

/**
 * WORKFLOW.md front matter after defaults (Symphony §2.3). Unknown keys are ignored.
 * Path values are resolved by the loader (`~`, `$VAR`, relative to the WORKFLOW.md folder).
 */
export const WorkflowConfigSchema = z.object({
  tracker: z.object({
    kind: z.enum(['local', 'linear']).default('local'),
    /** local tracker: YAML file of issues, relative to the WORKFLOW.md folder. */
    path: z.string().default('issues.yaml'),
    active_states: z.array(z.string()).default(['Todo', 'In Progress']),
    terminal_states: z.array(z.string()).default(['Closed', 'Cancelled', 'Canceled', 'Duplicate', 'Done']),
    /** An issue must carry every one of these labels to be dispatched or to continue (matched trimmed, case-insensitive). */
    required_labels: z.array(z.string()).default([]),
    /** linear: GraphQL endpoint. */
    endpoint: z.string().default('https://api.linear.app/graphql'),
    /** linear: API key or `$VAR`; when omitted, `$LINEAR_API_KEY`. Resolved by the loader; never logged. */
    api_key: z.string().nullable().default(null),
    /** linear: the project's `slugId`. */
    project_slug: z.string().nullable().default(null),
  }).prefault({}),
  polling: z.object({ interval_ms: positiveInt.default(30_000) }).prefault({}),
  workspace: z.object({
    root: z.string().nullable().default(null),
    /** `directory` (default): a plain folder per issue; `git_worktree`: a worktree of `repository` on the issue's branch. */
    strategy: z.enum(['directory', 'git_worktree']).default('directory'),
    /** git_worktree: the repository to branch from (default: the WORKFLOW.md folder). */
    repository: z.string().nullable().default(null),
    /** git_worktree: the ref new issue branches start from. */
    base_ref: z.string().default('HEAD'),
  }).prefault({}),
  hooks: HooksSchema.prefault({}),
  agent: z.object({
    max_concurrent_agents: positiveInt.default(10),
    max_turns: positiveInt.default(20),
    max_retry_backoff_ms: positiveInt.default(300_000),
    max_concurrent_agents_by_state: ConcurrencyByStateSchema,
  }).prefault({}),
  codex: z.object({
    command: z.string().min(1).default('codex app-server'),
    approval_policy: z.union([z.string(), z.record(z.string(), z.unknown())]).default('untrusted'),
    thread_sandbox: z.string().default('workspace-write'),
    turn_sandbox_policy: z.record(z.string(), z.unknown()).nullable().default(null),
    turn_timeout_ms: positiveInt.default(3_600_000),
    read_timeout_ms: positiveInt.default(5_000),
    /** `<= 0` disables stall detection. */
    stall_timeout_ms: integer.default(300_000),
  }).prefault({}),
  /** Which coding-agent harness runs the issues. */
  harness: z.object({ kind: z.enum(['codex', 'openhands']).default('codex') }).prefault({}),
  /** OpenHands agent-server; secrets as `$VAR`, resolved by the loader and never logged. */
  openhands: z.object({
    /** An agent-server to use; null runs a local one with `server.command`. */
    base_url: z.string().nullable().default(null),
    session_api_key: z.string().nullable().default('$OPENHANDS_SESSION_API_KEY'),
    server: z.object({
      command: z.string().min(1).default('python -m openhands.agent_server --host {host} --port {port}'),
      ready_timeout_ms: positiveInt.default(120_000),
    }).prefault({}),
    llm: z.object({
      model: z.string().default('anthropic/claude-sonnet-4-5-20250929'),
      base_url: z.string().nullable().default(null),
      api_key: z.string().nullable().default('$LLM_API_KEY'),
    }).prefault({}),
    confirmation_mode: z.boolean().default(true),
    read_timeout_ms: positiveInt.default(5_000),
    turn_timeout_ms: positiveInt.default(3_600_000),
  }).prefault({}),
  approvals: ApprovalsSchema,
});
export type WorkflowConfig = z.infer<typeof WorkflowConfigSchema>;
/** WORKFLOW.md `approvals` after defaults. */
export type ApprovalsConfig = WorkflowConfig['approvals'];

/** A loaded WORKFLOW.md: the typed config (paths absolute) and the prompt template body. */
export interface WorkflowDefinition {
  /** Absolute path of the WORKFLOW.md it came from. */
  path: string;
  config: WorkflowConfig & { workspace: { root: string }; tracker: { path: string } };
  promptTemplate: string;
  /** 1-based line of WORKFLOW.md where the template starts, to place template diagnostics. */
  promptTemplateLine?: number;
}
