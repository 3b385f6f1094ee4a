import type { LinearApiClient } from './linearApiClient.ts';
import { normalizeLinearIssue } from './linearIssueNormalizer.ts';
import type { LinearIssueRecord } from './linearIssueNormalizer.ts';
import { collectPages, readConnection } from './linearPager.ts';
import { ISSUES_BY_IDS_QUERY, ISSUES_IN_STATES_QUERY, LINEAR_PAGE_SIZE } from './linearQueries.ts';

/**
 * Symphony's candidate query, straight from Linear: issues of the project (`slugId`) whose state
 * name is one of `states` (Linear matches names exactly), pages of 50 in Linear's order.
 */
export async function queryIssuesInStates(api: LinearApiClient, projectSlug: string, states: readonly string[]): Promise<LinearIssueRecord[]> {
  const variables = { projectSlug, stateNames: [...states], first: LINEAR_PAGE_SIZE };
  const page = async (after: string | null) => readConnection((await api.query('issues_in_states', ISSUES_IN_STATES_QUERY, { ...variables, after })).issues, 'the state query');
  return collectPages(await page(null), page, `the issues of project "${projectSlug}" in ${states.join(', ')}`, normalizeLinearIssue);
}

/**
 * Symphony's by-id refresh: `[ID!]` in batches of at most 50, scoped to the project. Ids that are
 * not in the project, archived or deleted are not returned. A malformed record fails the call.
 */
export async function queryIssuesByIds(api: LinearApiClient, projectSlug: string, ids: readonly string[]): Promise<LinearIssueRecord[]> {
  const records: LinearIssueRecord[] = [];
  for (let start = 0; start < ids.length; start += LINEAR_PAGE_SIZE) {
    const batch = ids.slice(start, start + LINEAR_PAGE_SIZE);
    const data = await api.query('issues_by_ids', ISSUES_BY_IDS_QUERY, { ids: batch, projectSlug, first: batch.length });
    const batchNumber = start / LINEAR_PAGE_SIZE + 1;
    readConnection(data.issues, 'the by-id refresh').nodes.forEach((node, index) => records.push(normalizeLinearIssue(node, `batch ${batchNumber}, node ${index + 1}`)));
  }
  return records;
}
