import { parseDocument } from 'yaml';
import { LocalTrackerError } from './localTrackerError.ts';

/** A milestone declared in the issues file's top-level `milestones:` list (optional; issues may also just name one). */
export interface DeclaredMilestone {
  name: string;
  target_date: string | null;
}

/**
 * Reads the optional `milestones:` list: `[{ name, target_date?, description? }]`. Declared
 * milestones exist even before an issue uses them (the gateway's milestone create writes here).
 */
export function parseMilestoneList(text: string, path: string): DeclaredMilestone[] {
  const document = parseDocument(text, { prettyErrors: false });
  if (document.errors.length > 0) return [];
  const list = (document.toJS({ maxAliasCount: 100 }) as { milestones?: unknown } | null)?.milestones;
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw problem(path, "'milestones' must be a list of { name, target_date } entries");
  return list.map((entry, index) => {
    const name = typeof entry === 'object' && entry !== null ? (entry as Record<string, unknown>).name : undefined;
    if (typeof name !== 'string' || name.trim() === '') throw problem(path, `milestones[${index}] needs a non-empty 'name'`);
    const date = (entry as Record<string, unknown>).target_date;
    return { name: name.trim(), target_date: typeof date === 'string' ? date : date instanceof Date ? date.toISOString().slice(0, 10) : null };
  });
}

function problem(path: string, message: string): LocalTrackerError {
  return new LocalTrackerError('tracker_payload_error', `${path}: the issues file's ${message}. Fix it in the issues file.`, { path });
}
