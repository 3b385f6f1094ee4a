import { isMap, isScalar, isSeq, parseDocument, YAMLSeq } from 'yaml';
import type { YAMLMap } from 'yaml';
import type { Document } from 'yaml';
import { CodedError } from '../../base/errors.ts';
import { TrackerWriteErrorCode } from '../tracker.ts';
import { LocalTrackerError } from './localTrackerError.ts';

// Edits of the local tracker's YAML file that keep everything else as the user wrote it (comments,
// key order, formatting of untouched records). Each takes the file's text and returns the new text;
// the caller validates the result with the reader before it replaces the file.

/** A record to append to `issues:`; absent fields are not written. */
export interface IssueRecordDraft {
  identifier: string;
  title: string;
  state: string;
  description?: string | null;
  priority?: number | null;
  parent?: string | null;
  milestone?: string | null;
  created_at: string;
}

/** An entry of the top-level `milestones:` list. */
export interface MilestoneDraft {
  name: string;
  description?: string | null;
  target_date?: string | null;
}

/** One comment as kept in a record's `comments:` list. */
export interface CommentDraft {
  body: string;
  created_at: string;
}

/** Appends to the record's `comments:` list; returns the new text and the comment's 1-based number. */
export function appendComment(text: string, path: string, identifier: string, comment: CommentDraft): { text: string; number: number } {
  const document = open(text, path);
  const record = recordOf(document, path, identifier);
  const existing: unknown = record.get('comments', true);
  const comments = isSeq(existing) ? existing : new YAMLSeq();
  if (existing === undefined || existing === null || isEmptyScalar(existing)) record.set('comments', comments);
  else if (!isSeq(existing)) throw refused(path, `${identifier}'s 'comments' is not a list; fix it by hand first`);
  comments.add(document.createNode({ body: comment.body, created_at: comment.created_at }));
  return { text: document.toString(), number: comments.items.length };
}

/** Rewrites the record's `state:`. */
export function setIssueState(text: string, path: string, identifier: string, state: string): string {
  const document = open(text, path);
  recordOf(document, path, identifier).set('state', state);
  return document.toString();
}

/** Appends a record to `issues:`. */
export function appendIssue(text: string, path: string, draft: IssueRecordDraft): string {
  const document = open(text, path);
  const issues = listOf(document, path, 'issues');
  const fields: Record<string, unknown> = { identifier: draft.identifier, title: draft.title, state: draft.state };
  if (draft.description) fields.description = draft.description;
  if (draft.priority) fields.priority = draft.priority;
  if (draft.parent) fields.parent = draft.parent;
  if (draft.milestone) fields.milestone = draft.milestone;
  fields.created_at = draft.created_at;
  issues.add(document.createNode(fields));
  return document.toString();
}

/** Appends an entry to the top-level `milestones:` list (created when missing); refuses a duplicate name. */
export function appendMilestone(text: string, path: string, draft: MilestoneDraft): string {
  const document = open(text, path);
  const milestones = listOf(document, path, 'milestones');
  const taken = milestones.items.some((item) => isMap(item) && String(item.get('name') ?? '').trim() === draft.name);
  if (taken) throw refused(path, `a milestone named ${JSON.stringify(draft.name)} already exists`);
  const fields: Record<string, unknown> = { name: draft.name };
  if (draft.description) fields.description = draft.description;
  if (draft.target_date) fields.target_date = draft.target_date;
  milestones.add(document.createNode(fields));
  return document.toString();
}

function open(text: string, path: string): Document {
  const document = parseDocument(text, { prettyErrors: false });
  if (document.errors.length > 0 || !isMap(document.contents)) {
    throw new LocalTrackerError('tracker_payload_error', `${path}: the issues file is not a valid YAML map with 'issues:'; fix it before writing to it`, { path });
  }
  return document;
}

/** The top-level list under `key`, created empty when absent (or null). */
function listOf(document: Document, path: string, key: string): YAMLSeq {
  const node: unknown = document.get(key, true);
  if (node === undefined || node === null || isEmptyScalar(node)) {
    const list = new YAMLSeq();
    document.set(key, list);
    return list;
  }
  if (!isSeq(node)) throw refused(path, `'${key}' is not a list`);
  return node;
}

/** `key:` with nothing after it. */
function isEmptyScalar(node: unknown): boolean {
  return isScalar(node) && (node.value === null || node.value === undefined);
}

function recordOf(document: Document, path: string, identifier: string): YAMLMap {
  const issues = document.get('issues', true);
  const record = isSeq(issues)
    ? issues.items.find((item): item is YAMLMap => isMap(item) && String(item.get('identifier') ?? '').trim() === identifier)
    : undefined;
  if (!record) throw new CodedError(TrackerWriteErrorCode.notFound, `${path} has no issue ${JSON.stringify(identifier)}`);
  return record;
}

function refused(path: string, problem: string): CodedError {
  return new CodedError(TrackerWriteErrorCode.rejected, `${path}: ${problem}`);
}
