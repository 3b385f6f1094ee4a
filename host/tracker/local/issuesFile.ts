import { isMap, LineCounter, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import type { Issue } from '../../protocol/index.ts';
import { readIssueRecord, recordError } from './issueRecord.ts';
import type { IssueRecord, RecordLocation } from './issueRecord.ts';
import { LocalTrackerError } from './localTrackerError.ts';

const EXAMPLE = "issues:\n  - identifier: DEMO-1\n    title: First task\n    state: Todo";

/**
 * Parses the local tracker's YAML file (top-level `issues:` list) into normalized issues
 * (Symphony §4): id = identifier, labels trimmed/lower-cased/de-duplicated, blockers resolved
 * against the file's own records, `parent` mapped to `parent_id`. Any bad record fails the whole
 * file with `tracker_payload_error`: dropping it would look like the issue left the tracker.
 */
/** The local tracker's single project; milestones are named groups inside it. */
export const LOCAL_PROJECT_ID = 'local';

export function localMilestoneId(name: string): string {
  return `milestone:${name}`;
}

export function parseIssuesFile(text: string, path: string): Issue[] {
  const lineCounter = new LineCounter();
  // prettyErrors off: the message stays one line and the line number comes from `pos`.
  const document = parseDocument(text, { lineCounter, prettyErrors: false });
  const lineAt = (node: unknown): number | null => {
    const range = (node as { range?: [number, number, number] } | undefined)?.range;
    return range ? lineCounter.linePos(range[0]).line : null;
  };
  const rawRecords = readIssueList(document, path, lineAt, (offset) => lineCounter.linePos(offset).line);
  const records = rawRecords.map((raw, index) => readIssueRecord(raw, locate(document, path, index, lineAt)));
  checkReferences(records, (index) => locate(document, path, index, lineAt));
  return normalize(records);
}

function readIssueList(document: Document, path: string, lineAt: (node: unknown) => number | null, lineOfOffset: (offset: number) => number): unknown[] {
  const [syntaxError] = document.errors;
  if (syntaxError) {
    throw fileError(path, lineOfOffset(syntaxError.pos[0]), `is not valid YAML: ${syntaxError.message}`, syntaxError);
  }
  if (document.contents === null) throw fileError(path, null, `is empty; it needs a top-level 'issues:' list, for example:\n${EXAMPLE}`);
  if (!isMap(document.contents) || !document.has('issues')) {
    throw fileError(path, lineAt(document.contents), `needs a top-level 'issues:' list, for example:\n${EXAMPLE}`);
  }
  const issues = toPlain(document, path).issues;
  if (issues === null) return [];
  if (!Array.isArray(issues)) throw fileError(path, lineAt(document.get('issues', true)), "'issues' must be a list of issue records");
  return issues;
}

function toPlain(document: Document, path: string): Record<string, unknown> {
  try {
    return document.toJS({ maxAliasCount: 100 }) as Record<string, unknown>;
  } catch (error) {
    // toJS refuses alias bombs; report it like any other YAML problem.
    throw fileError(path, null, `is not valid YAML: ${error instanceof Error ? error.message : String(error)}`, error);
  }
}

function locate(document: Document, path: string, index: number, lineAt: (node: unknown) => number | null): RecordLocation {
  return {
    path,
    index,
    lineOf: (field) => lineAt(field === undefined ? undefined : document.getIn(['issues', index, field], true)) ?? lineAt(document.getIn(['issues', index], true)),
  };
}

/** Identifiers are unique (they name workspaces, even on case-insensitive file systems); parents exist and form no cycle. */
function checkReferences(records: IssueRecord[], locationOf: (index: number) => RecordLocation): void {
  const indexByKey = new Map<string, number>();
  records.forEach((record, index) => {
    const key = record.identifier.toLowerCase();
    const first = indexByKey.get(key);
    if (first !== undefined) {
      throw recordError(locationOf(index), record.identifier, 'identifier', `repeats the identifier of issues[${first}] (${records[first]?.identifier}); identifiers must be unique, ignoring case`);
    }
    indexByKey.set(key, index);
  });
  const byIdentifier = new Map(records.map((record) => [record.identifier, record]));
  records.forEach((record, index) => {
    if (record.parent === null) return;
    if (!byIdentifier.has(record.parent)) {
      throw recordError(locationOf(index), record.identifier, 'parent', `names ${JSON.stringify(record.parent)}, which is not an identifier in this file; use an existing identifier or remove 'parent'`);
    }
    if (hasParentCycle(record, byIdentifier)) {
      throw recordError(locationOf(index), record.identifier, 'parent', 'makes the issue its own ancestor; parents must form a tree');
    }
  });
}

function hasParentCycle(start: IssueRecord, byIdentifier: Map<string, IssueRecord>): boolean {
  const seen = new Set<string>([start.identifier]);
  for (let parent = start.parent; parent !== null; parent = byIdentifier.get(parent)?.parent ?? null) {
    if (seen.has(parent)) return true;
    seen.add(parent);
  }
  return false;
}

function normalize(records: IssueRecord[]): Issue[] {
  const stateOf = new Map(records.map((record) => [record.identifier, record.state]));
  return records.map((record) => ({
    id: record.identifier,
    identifier: record.identifier,
    title: record.title,
    description: record.description,
    priority: record.priority,
    state: record.state,
    branch_name: record.branch_name,
    url: record.url,
    labels: normalizeLabels(record.labels),
    parent_id: record.parent,
    project_id: LOCAL_PROJECT_ID,
    milestone_id: record.milestone ? localMilestoneId(record.milestone) : null,
    blocked_by: [...new Set(record.blocked_by.map((blocker) => blocker.trim()).filter(Boolean))]
      .map((blocker) => ({ id: blocker, identifier: blocker, state: stateOf.get(blocker) ?? null })),
    created_at: record.created_at,
    updated_at: record.updated_at,
    assignee: record.assignee?.trim() || null,
  }));
}

/** Labels per §4: trimmed, lower-cased, blanks dropped, de-duplicated in first-seen order. */
function normalizeLabels(labels: readonly string[]): string[] {
  return [...new Set(labels.map((label) => label.trim().toLowerCase()).filter(Boolean))];
}

function fileError(path: string, line: number | null, problem: string, cause?: unknown): LocalTrackerError {
  return new LocalTrackerError('tracker_payload_error', `${path}${line ? `:${line}` : ''}: the issues file ${problem}`, { path, line, cause });
}
