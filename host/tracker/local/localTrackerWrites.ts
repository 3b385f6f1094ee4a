import { CodedError } from '../../base/errors.ts';
import type { Issue, Milestone } from '../../protocol/index.ts';
import { TrackerWriteErrorCode } from '../tracker.ts';
import type { NewTrackerIssue, NewTrackerMilestone, TrackerComment } from '../tracker.ts';
import { LOCAL_PROJECT_ID, localMilestoneId, parseIssuesFile } from './issuesFile.ts';
import { appendComment, appendIssue, appendMilestone, setIssueState } from './issuesFileEdits.ts';
import type { IssuesFileWriter } from './issuesFileWriter.ts';

/** State of an issue created without one. */
const DEFAULT_NEW_STATE = 'Todo';
/** Identifier prefix when the file has no issues to learn one from. */
const DEFAULT_PREFIX = 'LOCAL';

/**
 * The local tracker's writes, as edits of its issues file. Ids are identifiers in this tracker.
 * Comments are kept in the record's `comments:` list (`{ body, created_at }`), which the reader
 * ignores; milestones created here go to a top-level `milestones:` list.
 */
export class LocalTrackerWrites {
  private readonly writer: IssuesFileWriter;
  private readonly path: string;

  constructor(writer: IssuesFileWriter, path: string) {
    this.writer = writer;
    this.path = path;
  }

  createComment(issueId: string, body: string): Promise<TrackerComment> {
    const createdAt = new Date().toISOString();
    return this.writer.edit((text) => {
      const { text: next, number } = appendComment(text, this.path, issueId, { body, created_at: createdAt });
      return { text: next, value: { id: `${issueId}#comment-${number}`, url: null, created_at: createdAt } };
    });
  }

  transitionIssue(issueId: string, stateName: string): Promise<Issue> {
    return this.writer.edit((text) => {
      const next = setIssueState(text, this.path, issueId, stateName.trim());
      return { text: next, value: this.issueIn(next, issueId) };
    });
  }

  createIssue(input: NewTrackerIssue): Promise<Issue> {
    return this.writer.edit((text) => {
      const existing = parseIssuesFile(text, this.path);
      const parent = input.parentId ? existing.find((issue) => issue.id === input.parentId) : undefined;
      if (input.parentId && !parent) throw notFound(`no issue ${JSON.stringify(input.parentId)} to be the parent`);
      if (input.projectId && input.projectId !== LOCAL_PROJECT_ID) throw notFound(`the local tracker has one project, "${LOCAL_PROJECT_ID}"; there is no project ${JSON.stringify(input.projectId)}`);
      const milestoneId = input.milestoneId ?? parent?.milestone_id ?? null;
      const identifier = nextIdentifier(existing);
      const next = appendIssue(text, this.path, {
        identifier, title: input.title, state: input.state?.trim() || DEFAULT_NEW_STATE, description: input.description,
        priority: input.priority, parent: parent?.identifier, milestone: milestoneName(milestoneId), created_at: new Date().toISOString(),
      });
      return { text: next, value: this.issueIn(next, identifier) };
    });
  }

  createMilestone(input: NewTrackerMilestone): Promise<Milestone> {
    if (input.projectId !== LOCAL_PROJECT_ID) return Promise.reject(notFound(`the local tracker has one project, "${LOCAL_PROJECT_ID}"; there is no project ${JSON.stringify(input.projectId)}`));
    return this.writer.edit((text) => {
      const next = appendMilestone(text, this.path, { name: input.name.trim(), description: input.description, target_date: input.targetDate });
      const milestone: Milestone = { id: localMilestoneId(input.name.trim()), project_id: LOCAL_PROJECT_ID, name: input.name.trim(), target_date: input.targetDate ?? null, sort_order: null };
      return { text: next, value: milestone };
    });
  }

  private issueIn(text: string, identifier: string): Issue {
    const issue = parseIssuesFile(text, this.path).find((candidate) => candidate.id === identifier);
    if (!issue) throw notFound(`no issue ${JSON.stringify(identifier)} in ${this.path}`);
    return issue;
  }
}

function milestoneName(milestoneId: string | null): string | null {
  if (milestoneId === null) return null;
  const prefix = localMilestoneId('');
  if (!milestoneId.startsWith(prefix)) throw notFound(`no milestone ${JSON.stringify(milestoneId)}; local milestone ids look like "${prefix}<name>"`);
  return milestoneId.slice(prefix.length);
}

/** `<prefix>-<n+1>`: the most used `<prefix>-<number>` of the file and its highest number. */
function nextIdentifier(issues: readonly Issue[]): string {
  const numbers = new Map<string, number[]>();
  for (const issue of issues) {
    const match = /^([A-Za-z][A-Za-z0-9]*)-(\d+)$/.exec(issue.identifier);
    if (match) numbers.set(match[1] as string, [...numbers.get(match[1] as string) ?? [], Number(match[2])]);
  }
  const [prefix, used] = [...numbers].sort((a, b) => b[1].length - a[1].length)[0] ?? [DEFAULT_PREFIX, []];
  const taken = new Set(issues.map((issue) => issue.identifier.toLowerCase()));
  let next = Math.max(0, ...used) + 1;
  while (taken.has(`${prefix}-${next}`.toLowerCase())) next++;
  return `${prefix}-${next}`;
}

function notFound(message: string): CodedError {
  return new CodedError(TrackerWriteErrorCode.notFound, message);
}
