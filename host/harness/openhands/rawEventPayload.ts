import { compactRecord, truncateText } from '../codex/compactPayload.ts';

/** Largest raw event JSON kept in one journaled payload. */
export const MAX_RAW_EVENT_CHARS = 16_000;

/**
 * The raw event for the journal: long strings and arrays cut by compactRecord, and when the whole
 * is still too big, its JSON text cut to MAX_RAW_EVENT_CHARS (the record says how much was cut).
 */
export function rawEventPayload(event: unknown): Record<string, unknown> {
  const compact = compactRecord(event);
  const json = JSON.stringify(compact);
  if (json.length <= MAX_RAW_EVENT_CHARS) return compact;
  return { truncated_json: truncateText(json, MAX_RAW_EVENT_CHARS), original_chars: JSON.stringify(event).length };
}
