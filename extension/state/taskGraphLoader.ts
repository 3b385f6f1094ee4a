import type { GatewayClient } from '../../host/client/gatewayClient.ts';
import type { TaskGraphPage } from '../../host/protocol/index.ts';
import { UNASSIGNED_PROJECT_ID } from '../../host/protocol/index.ts';
import type { TaskGraphLoad } from './taskGraphState.ts';

/** Issues per request: large enough that most projects fit in one page. */
const PAGE_SIZE = 1_000;

/**
 * Reads every project's task graph, all pages. The load's `seq` is the oldest position any page
 * reflects, so replaying the stream from the snapshot cursor misses nothing and only re-applies
 * node events that the pages already hold (harmless: events carry whole nodes).
 */
export async function loadTaskGraph(client: Pick<GatewayClient, 'projects' | 'projectTaskGraph'>, signal?: AbortSignal): Promise<TaskGraphLoad> {
  const list = await client.projects(signal);
  let seq = list.seq;
  const pages: TaskGraphPage[] = [];
  for (const project of list.projects) {
    if (project.id === UNASSIGNED_PROJECT_ID && project.child_count === 0) continue;
    let cursor: string | undefined;
    do {
      const page = await client.projectTaskGraph(project.id, { cursor, limit: PAGE_SIZE }, signal);
      if (cursor === undefined) seq = Math.min(seq, page.seq);
      pages.push(page);
      cursor = page.next_cursor ?? undefined;
    } while (cursor !== undefined);
  }
  return { seq, pages };
}
