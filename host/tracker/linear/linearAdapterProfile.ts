import type { LinearErrorCode } from './linearTrackerError.ts';

/** How one adapter error maps onto Symphony's generic tracker categories (§5.4, HEAD). */
interface ErrorMapping {
  generic: 'missing_tracker_secret' | 'invalid_tracker_config' | 'tracker_request' | 'tracker_status' | 'tracker_response' | 'tracker_pagination' | 'tracker_rate_limited';
  when: string;
}

/**
 * The Linear adapter's compact profile (Symphony §17.3 item 11): its configuration, scope,
 * normalisation, agent tools, error mapping and request budget, in one place.
 */
export const LINEAR_ADAPTER_PROFILE = {
  kind: 'linear',
  config: {
    'tracker.endpoint': 'GraphQL endpoint; default https://api.linear.app/graphql',
    'tracker.api_key': 'personal key (lin_api_…, sent as is) or OAuth token (sent as Bearer); `$VAR` resolves from the environment; default $LINEAR_API_KEY',
    'tracker.project_slug': "the project's slugId (the end of its URL); required",
    'tracker.active_states': 'state names that are candidates for dispatch (compared trimmed, case-insensitive)',
    'tracker.terminal_states': 'state names swept at startup (fetchTerminalIssues)',
  },
  scope: 'issues of one project, matched by Project.slugId; archived and trashed issues are out of scope',
  normalization: [
    'state: Linear state name as spelled',
    'labels: trimmed, lower-cased, blanks dropped, de-duplicated',
    'blocked_by: inverseRelations of type blocks → {id, identifier, state} of the blocking issue',
    'priority: integer 1–4, otherwise null (Linear 0 = no priority)',
    'parent_id, project_id, milestone_id (projectMilestone), url, branch_name, created_at, updated_at (ISO 8601, null when unparseable)',
    'id: the Linear issue id, which is also the refresh key; no native_ref is needed',
    'a record without id, identifier, title or state fails the read with linear_malformed_issue; it is never dropped',
  ],
  tools: [{ name: 'linear_graphql', executor: 'host/tracker/linear/linearGraphqlClient.ts executeLinearGraphql', scope: 'whatever the key can reach; one request, no retries' }],
  requestBudget: 'reads share a cache refreshed by one delta sync per 5 s: an idle poll tick is one request; the whole project is listed again every 10 minutes',
  errors: {
    missing_tracker_api_key: { generic: 'missing_tracker_secret', when: 'no key after $VAR / LINEAR_API_KEY resolution' },
    missing_tracker_project_slug: { generic: 'invalid_tracker_config', when: 'tracker.project_slug is not set' },
    linear_project_not_found: { generic: 'invalid_tracker_config', when: 'no project with that slugId is visible to the key' },
    linear_api_request: { generic: 'tracker_request', when: 'transport failure or no complete answer within the timeout' },
    linear_api_status: { generic: 'tracker_status', when: 'HTTP status other than 200 (authentication errors included)' },
    linear_graphql_errors: { generic: 'tracker_response', when: 'HTTP 200 with top-level GraphQL errors' },
    linear_unknown_payload: { generic: 'tracker_response', when: 'a body that is not JSON, or lacks data / nodes / pageInfo' },
    linear_malformed_issue: { generic: 'tracker_response', when: 'an issue without id, identifier, title or state name' },
    linear_missing_end_cursor: { generic: 'tracker_pagination', when: 'hasNextPage without an end cursor, or with the previous one' },
    tracker_rate_limited: { generic: 'tracker_rate_limited', when: 'HTTP 429, or extensions.code RATELIMITED; no request until the reset time' },
  } satisfies Record<LinearErrorCode, ErrorMapping>,
} as const;
