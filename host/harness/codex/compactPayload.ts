/** Longest string kept in a journaled event payload. */
export const MAX_PAYLOAD_STRING_CHARS = 2_000;
const MAX_ARRAY_ITEMS = 50;
const MAX_DEPTH = 8;

/** Truncates a string, saying how much was cut so nobody mistakes it for the whole text. */
export function truncateText(text: string, maxChars = MAX_PAYLOAD_STRING_CHARS): string {
  if (text.length <= maxChars) return text;
  return `${text.slice(0, maxChars)}… [truncated ${text.length - maxChars} characters]`;
}

/**
 * A copy of a JSON value small enough to journal: long strings and arrays are cut with a note,
 * deep nesting is summarized. Events are for the record; the terminal carries full output.
 */
export function compactPayload(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return truncateText(value);
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return '[nested too deep]';
  if (Array.isArray(value)) {
    const kept = value.slice(0, MAX_ARRAY_ITEMS).map((item) => compactPayload(item, depth + 1));
    if (value.length > MAX_ARRAY_ITEMS) kept.push(`[${value.length - MAX_ARRAY_ITEMS} more items]`);
    return kept;
  }
  const result: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) result[key] = compactPayload(field, depth + 1);
  return result;
}

/** compactPayload for a value known to be an object (or absent), as event payloads need. */
export function compactRecord(value: unknown): Record<string, unknown> {
  const compacted = compactPayload(value);
  return typeof compacted === 'object' && compacted !== null && !Array.isArray(compacted)
    ? (compacted as Record<string, unknown>)
    : { value: compacted };
}
