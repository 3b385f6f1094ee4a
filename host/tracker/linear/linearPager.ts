import { LinearTrackerError } from './linearTrackerError.ts';

/** One page of a Relay connection, as read from an answer. */
export interface ConnectionPage {
  nodes: unknown[];
  hasNextPage: boolean;
  endCursor: string | null;
}

/**
 * Reads a connection (`{ nodes, pageInfo? }`) out of an answer; `linear_unknown_payload` when it
 * is not one. A connection selected without `pageInfo` is a single page.
 */
export function readConnection(value: unknown, what: string): ConnectionPage {
  const connection = value as { nodes?: unknown; pageInfo?: { hasNextPage?: unknown; endCursor?: unknown } } | null;
  if (connection === null || typeof connection !== 'object' || !Array.isArray(connection.nodes)) {
    throw new LinearTrackerError('linear_unknown_payload', `Linear's answer for ${what} has no list of nodes. Check that tracker.endpoint is Linear's GraphQL endpoint.`);
  }
  const pageInfo = connection.pageInfo;
  if (pageInfo === undefined) return { nodes: connection.nodes, hasNextPage: false, endCursor: null };
  if (pageInfo === null || typeof pageInfo !== 'object' || typeof pageInfo.hasNextPage !== 'boolean') {
    throw new LinearTrackerError('linear_unknown_payload', `Linear's answer for ${what} has no usable pageInfo. Check that tracker.endpoint is Linear's GraphQL endpoint.`);
  }
  const endCursor = typeof pageInfo.endCursor === 'string' && pageInfo.endCursor !== '' ? pageInfo.endCursor : null;
  return { nodes: connection.nodes, hasNextPage: pageInfo.hasNextPage, endCursor };
}

/**
 * Follows `pageInfo` from `first` until `hasNextPage` is false, keeping node order across pages.
 * A next page without an end cursor, or with the cursor of the previous page, is
 * `linear_missing_end_cursor`: the loop can never spin. Any failure fails the whole listing.
 */
export async function collectPages<T>(first: ConnectionPage, nextPage: (after: string) => Promise<ConnectionPage>, what: string, onNode: (node: unknown, where: string) => T): Promise<T[]> {
  const items: T[] = [];
  let page = first;
  let pageNumber = 1;
  const seenCursors = new Set<string>();
  for (;;) {
    page.nodes.forEach((node, index) => items.push(onNode(node, `page ${pageNumber}, node ${index + 1}`)));
    if (!page.hasNextPage) return items;
    if (page.endCursor === null || seenCursors.has(page.endCursor)) {
      throw new LinearTrackerError('linear_missing_end_cursor',
        `Linear said ${what} has another page after page ${pageNumber} but gave ${page.endCursor === null ? 'no end cursor' : 'the same end cursor again'}, so the listing cannot continue. The next poll retries; report it if it persists.`);
    }
    seenCursors.add(page.endCursor);
    page = await nextPage(page.endCursor);
    pageNumber += 1;
  }
}
