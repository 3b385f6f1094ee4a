/** Where the Linear key comes from when WORKFLOW.md does not name one (Symphony §2.3). */
export const LINEAR_API_KEY_VARIABLE = 'LINEAR_API_KEY';

const WHOLE_VARIABLE = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?$/;

/**
 * Resolves `tracker.api_key` (§2.2): a value that is exactly `$NAME` or `${NAME}` is that
 * environment variable, an omitted key is `$LINEAR_API_KEY`, anything else is the key itself.
 * Values are trimmed, and an empty or unset result is null ("missing"). This never fails: a missing
 * key is a dispatch-preflight error (`missing_tracker_api_key`) raised when the Linear tracker is
 * created, so the workflow still loads and the view can say what is wrong. Only `linear` uses a key;
 * for other kinds this is null, so no secret sits in a config that does not need it.
 */
export function resolveTrackerApiKey(kind: string, value: string | null, env: Readonly<Record<string, string | undefined>>): string | null {
  if (kind !== 'linear') return null;
  return resolveSecretValue(value ?? `$${LINEAR_API_KEY_VARIABLE}`, env);
}

/**
 * Any secret-valued key: exactly `$NAME` or `${NAME}` is that environment variable, anything else
 * is the value itself; trimmed, and empty or unset is null ("missing").
 */
export function resolveSecretValue(value: string | null, env: Readonly<Record<string, string | undefined>>): string | null {
  if (value === null) return null;
  const raw = value.trim();
  const variable = WHOLE_VARIABLE.exec(raw)?.[1];
  const resolved = (variable === undefined ? raw : env[variable] ?? '').trim();
  return resolved === '' ? null : resolved;
}

const HIDDEN = (value: string | null) => (value === null ? null : '[set, hidden]');

/** A copy of a config that is safe to print: every secret replaced by a marker saying whether one is set. */
export function withRedactedTrackerSecret<T extends { tracker: { api_key: string | null }; openhands: { session_api_key: string | null; llm: { api_key: string | null } } }>(config: T): T {
  return {
    ...config,
    tracker: { ...config.tracker, api_key: HIDDEN(config.tracker.api_key) },
    openhands: { ...config.openhands, session_api_key: HIDDEN(config.openhands.session_api_key), llm: { ...config.openhands.llm, api_key: HIDDEN(config.openhands.llm.api_key) } },
  };
}
