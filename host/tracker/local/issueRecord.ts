import { LocalTrackerError } from './localTrackerError.ts';

/** One record of the issues file after validation, before references are resolved. */
export interface IssueRecord {
  identifier: string;
  title: string;
  description: string | null;
  state: string;
  priority: number | null;
  labels: string[];
  parent: string | null;
  /** Milestone name; milestones of the local tracker are named groups inside its one project. */
  milestone: string | null;
  /** Who works on it (a display name), for the task graph's assignee filter. */
  assignee: string | null;
  blocked_by: string[];
  url: string | null;
  branch_name: string | null;
  created_at: string | null;
  updated_at: string | null;
}

/** Where a record sits, for error messages that let the user find and fix it. */
export interface RecordLocation {
  path: string;
  index: number;
  /** File line of `field` in this record (or of the record itself when no field is given). */
  lineOf(field?: string): number | null;
}

/** Builds the `tracker_payload_error` for one record and field. */
export function recordError(location: RecordLocation, identifier: string | null, field: string | null, problem: string): LocalTrackerError {
  const line = location.lineOf(field ?? undefined);
  const where = `${location.path}${line ? `:${line}` : ''}`;
  const record = `issues[${location.index}]${identifier ? ` (${identifier})` : ''}`;
  return new LocalTrackerError('tracker_payload_error',
    `${where}: record ${record}: ${field ? `'${field}' ` : ''}${problem}. Fix this record in the issues file; records are never skipped.`,
    { path: location.path, line, identifier, field });
}

/** Validates one raw YAML record; throws `tracker_payload_error` naming the record and field. */
export function readIssueRecord(raw: unknown, location: RecordLocation): IssueRecord {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    throw recordError(location, null, null, `must be a map with at least identifier, title and state, got ${describe(raw)}`);
  }
  const fields = new RecordFields(raw as Record<string, unknown>, location);
  return {
    identifier: fields.requiredText('identifier'),
    title: fields.requiredText('title'),
    description: fields.optionalText('description'),
    state: fields.requiredText('state'),
    priority: fields.priority(),
    labels: fields.textList('labels'),
    parent: fields.optionalText('parent'),
    milestone: fields.optionalText('milestone'),
    assignee: fields.optionalText('assignee'),
    blocked_by: fields.textList('blocked_by'),
    url: fields.optionalText('url'),
    branch_name: fields.optionalText('branch_name'),
    created_at: fields.timestamp('created_at'),
    updated_at: fields.timestamp('updated_at'),
  };
}

/** Reads typed fields of one record; unknown keys are ignored. */
class RecordFields {
  private readonly raw: Record<string, unknown>;
  private readonly location: RecordLocation;
  private readonly identifier: string | null;

  constructor(raw: Record<string, unknown>, location: RecordLocation) {
    this.raw = raw;
    this.location = location;
    this.identifier = typeof raw.identifier === 'string' && raw.identifier.trim() ? raw.identifier.trim() : null;
  }

  requiredText(field: string): string {
    const value = this.raw[field];
    if (typeof value !== 'string' || value.trim() === '') {
      throw this.error(field, value === undefined ? 'is required' : `must be non-empty text, got ${describe(value)}`);
    }
    return value.trim();
  }

  optionalText(field: string): string | null {
    const value = this.raw[field];
    if (value === undefined || value === null) return null;
    if (typeof value !== 'string') throw this.error(field, `must be text, got ${describe(value)}`);
    return value;
  }

  priority(): number | null {
    const value = this.raw.priority;
    if (value === undefined || value === null) return null;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > 4) {
      throw this.error('priority', `must be an integer from 1 (urgent) to 4 (low), or left out, got ${describe(value)}`);
    }
    return value;
  }

  textList(field: string): string[] {
    const value = this.raw[field];
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw this.error(field, `must be a list (for example [a, b]), got ${describe(value)}`);
    const wrong = value.findIndex((item) => typeof item !== 'string');
    if (wrong >= 0) throw this.error(field, `must list text values only, but item ${wrong} is ${describe(value[wrong])}`);
    return value as string[];
  }

  timestamp(field: string): string | null {
    const value = this.optionalText(field);
    if (value === null) return null;
    const time = Date.parse(value);
    if (Number.isNaN(time)) throw this.error(field, `must be an RFC 3339 timestamp such as 2025-01-31T09:00:00Z, got ${describe(value)}`);
    return new Date(time).toISOString();
  }

  private error(field: string, problem: string): LocalTrackerError {
    return recordError(this.location, this.identifier, field, problem);
  }
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'a map';
  return JSON.stringify(value);
}
