import { z } from 'zod';
import { ApprovalSchema, IssueSchema, RunSchema } from './dto.ts';
import { EventPageSchema } from './envelope.ts';
import { IssueNodeSchema, MilestoneNodeSchema, ProjectNodeSchema } from './taskGraph.ts';

// Run detail and the task-graph detail reads. Every list that can grow long pages by cursor; event
// cursors are journal seqs (the same numbers the streams resume from), other cursors are opaque.

/** `GET /api/v1/runs/{id}`: everything a run-detail view opens with; stream its events from `last_event_seq`. */
export const RunDetailSchema = z.object({
  schema_version: z.number().int(),
  run: RunSchema,
  /** The issue as the host last saw it; null when the tracker no longer has it. */
  issue: IssueSchema.nullable(),
  /** Null until the run has a workspace. `branch`: the checked-out git branch, null outside git. */
  workspace: z.object({ path: z.string(), branch: z.string().nullable() }).nullable(),
  harness: z.object({ kind: z.string(), session_id: z.string().nullable() }),
  /** The run's approvals the host still remembers (pending and recent), oldest first. */
  approvals: z.array(ApprovalSchema),
  terminal_stream_id: z.string(),
  /** Journal events that name this run, and the newest one's seq (0 when none). */
  event_count: z.number().int().nonnegative(),
  last_event_seq: z.number().int().nonnegative(),
});
export type RunDetail = z.infer<typeof RunDetailSchema>;

/** `forward`: after the cursor, oldest first; `backward`: before it (0 = from the newest), to load a history newest page first. */
export const PageDirectionSchema = z.enum(['forward', 'backward']);
export type PageDirection = z.infer<typeof PageDirectionSchema>;

/**
 * `GET /api/v1/runs/{id}/events?cursor=&limit=&direction=&types=`: an EventPage of the run's
 * events. Events are always in ascending seq order. Forward: `next_cursor` is the last seq (pass it
 * back for newer events). Backward: `next_cursor` is the first (oldest) seq of the page (pass it back
 * for older events); `has_more` is false once the oldest event of the run is in the page.
 */
export const RunEventPageSchema = EventPageSchema.extend({
  direction: PageDirectionSchema,
  has_more: z.boolean(),
});
export type RunEventPage = z.infer<typeof RunEventPageSchema>;

export const RunLogLevelSchema = z.enum(['info', 'warn', 'error']);
export type RunLogLevel = z.infer<typeof RunLogLevelSchema>;

/** One line of a run's log: the summary of one of its journal events, with a level. */
export const RunLogLineSchema = z.object({
  seq: z.number().int().positive(),
  timestamp: z.string(),
  level: RunLogLevelSchema,
  /** The event type the line stands for, e.g. `run.failed`, `turn.completed`. */
  type: z.string(),
  message: z.string(),
});
export type RunLogLine = z.infer<typeof RunLogLineSchema>;

/** `GET /api/v1/runs/{id}/logs?cursor=&limit=&direction=`: the run's events as log lines, paged like its events. */
export const RunLogPageSchema = z.object({
  schema_version: z.number().int(),
  run_id: z.string(),
  lines: z.array(RunLogLineSchema),
  next_cursor: z.number().int().nonnegative(),
  head: z.number().int().nonnegative(),
  direction: PageDirectionSchema,
  has_more: z.boolean(),
});
export type RunLogPage = z.infer<typeof RunLogPageSchema>;

export const FileChangeStatusSchema = z.enum(['added', 'modified', 'deleted']);
export type FileChangeStatus = z.infer<typeof FileChangeStatusSchema>;

/** A file the run changed, relative to its workspace. */
export const RunFileChangeSchema = z.object({ path: z.string(), status: FileChangeStatusSchema });
export type RunFileChange = z.infer<typeof RunFileChangeSchema>;

/**
 * Where the host learned what changed: `git` (the workspace is a git repository: compared with its
 * base), `events` (the harness's recorded file changes), `none` (no workspace yet, or nothing known).
 */
export const ChangeSourceSchema = z.enum(['git', 'events', 'none']);
export type ChangeSource = z.infer<typeof ChangeSourceSchema>;

/** `GET /api/v1/runs/{id}/files`: files changed in the run's workspace, sorted by path. */
export const RunFilesSchema = z.object({
  schema_version: z.number().int(),
  run_id: z.string(),
  workspace_path: z.string().nullable(),
  source: ChangeSourceSchema,
  /** The commit the changes are compared with (git), else null. */
  base_ref: z.string().nullable(),
  files: z.array(RunFileChangeSchema),
});
export type RunFiles = z.infer<typeof RunFilesSchema>;

/** `GET /api/v1/runs/{id}/diffs?path=`: the unified diff of one changed file against its base. */
export const RunDiffSchema = z.object({
  schema_version: z.number().int(),
  run_id: z.string(),
  path: z.string(),
  status: FileChangeStatusSchema,
  source: z.enum(['git', 'events']),
  base_ref: z.string().nullable(),
  /** Unified diff text; empty when the file is binary or unchanged. */
  diff: z.string(),
  /** True when the diff was cut (size cap, or the harness recorded only part of it). */
  truncated: z.boolean(),
});
export type RunDiff = z.infer<typeof RunDiffSchema>;

/** One stored chunk of terminal output; `data` is base64 of the raw bytes (ANSI included). */
export const TerminalChunkDtoSchema = z.object({ seq: z.number().int().positive(), data: z.string() });
export type TerminalChunkDto = z.infer<typeof TerminalChunkDtoSchema>;

/** `GET /api/v1/runs/{id}/terminal/{terminal_id}/snapshot?cursor=&limit=`: chunks after `cursor`. */
export const TerminalSnapshotSchema = z.object({
  schema_version: z.number().int(),
  stream_id: z.string(),
  chunks: z.array(TerminalChunkDtoSchema),
  /** The last chunk's seq: pass back as `cursor`, or to the terminal stream to follow live output. */
  next_cursor: z.number().int().nonnegative(),
  head: z.number().int().nonnegative(),
});
export type TerminalSnapshot = z.infer<typeof TerminalSnapshotSchema>;

/** `GET /api/v1/projects/{id}`: the project node (with counts) and its milestones. */
export const ProjectDetailSchema = z.object({
  schema_version: z.number().int(),
  seq: z.number().int().nonnegative(),
  project: ProjectNodeSchema,
  milestones: z.array(MilestoneNodeSchema),
});
export type ProjectDetail = z.infer<typeof ProjectDetailSchema>;

/** `GET /api/v1/milestones/{id}?cursor=&limit=`: the milestone node and one page of its direct child issues. */
export const MilestoneDetailSchema = z.object({
  schema_version: z.number().int(),
  seq: z.number().int().nonnegative(),
  milestone: MilestoneNodeSchema,
  issues: z.array(IssueNodeSchema),
  total_issues: z.number().int().nonnegative(),
  next_cursor: z.string().nullable(),
});
export type MilestoneDetail = z.infer<typeof MilestoneDetailSchema>;

/** `GET /api/v1/issues/{id}`: the issue node (tracker issue + runtime overlay) and the host's runs of it, newest first. */
export const IssueDetailSchema = z.object({
  schema_version: z.number().int(),
  seq: z.number().int().nonnegative(),
  node: IssueNodeSchema,
  runs: z.array(RunSchema),
});
export type IssueDetail = z.infer<typeof IssueDetailSchema>;

/** `GET /api/v1/sub-issues/{id}?cursor=&limit=`: an issue's direct sub-issues, one page. */
export const SubIssuePageSchema = z.object({
  schema_version: z.number().int(),
  seq: z.number().int().nonnegative(),
  parent: IssueNodeSchema,
  issues: z.array(IssueNodeSchema),
  total_issues: z.number().int().nonnegative(),
  next_cursor: z.string().nullable(),
});
export type SubIssuePage = z.infer<typeof SubIssuePageSchema>;
