// Steps the later end-to-end flows share: find an issue's row in the Task Graph, start its run from
// the context menu, wait for its overlay, and read the host's own snapshot through its gateway.
import { readdirSync, readFileSync } from 'node:fs';
import type { Frame } from 'playwright-core';
import { GatewayClient } from '../../host/client/gatewayClient.ts';
import type { DashboardSnapshot } from '../../host/protocol/index.ts';
import type { CheckList } from './checkList.ts';
import type { MockAgent } from './mockAgent.ts';
import type { SampleWorkspace } from './sampleWorkspace.ts';
import { sampleIssues } from './sampleWorkspace.ts';
import { waitForHostReady } from './statusFile.ts';
import type { Timeline } from './timeline.ts';
import { waitUntil } from './timeline.ts';
import type { Workbench } from './workbench.ts';

/** What every later flow gets: the workbench of the ui phase, its sample folder and the mock agent. */
export interface FlowContext {
  workbench: Workbench;
  sample: SampleWorkspace;
  statusFile: string;
  timeline: Timeline;
  checks: CheckList;
  agent: MockAgent;
  /** Where a flow may keep files of its own (a second host's data, ...); removed after a passing run. */
  runDir: string;
  /** Kept after the run: screenshots, logs. */
  artifacts: string;
}

/** The tree row label of a sample issue ("DEMO-1: Write the greeting file"). */
export function rowLabel(identifier: string): string {
  const issue = sampleIssues.find((candidate) => candidate.identifier === identifier);
  if (!issue) throw new Error(`${identifier} is not a sample issue`);
  return `${issue.identifier}: ${issue.title}`;
}

export type RowText = Awaited<ReturnType<Workbench['rowText']>>;

/** Waits until the issue's row description satisfies `wanted`; a `failed` overlay ends the wait at once unless wanted. */
export function waitForRow(workbench: Workbench, identifier: string, what: string, wanted: (description: string) => boolean, timeoutMs = 90_000): Promise<RowText> {
  const row = workbench.treeRow(workbench.viewContainer('opensymphony'), rowLabel(identifier));
  let last: RowText | undefined;
  return waitUntil(`${identifier} ${what} in the Task Graph`, async () => {
    last = await workbench.rowText(row);
    if (wanted(last.description)) return last;
    if (last.description.startsWith('failed')) throw new Error(`${identifier}'s run failed: ${last.description}`);
    return undefined;
  }, timeoutMs, () => JSON.stringify(last ?? 'the row never showed'));
}

/** Right-clicks the issue's row and picks `entry` from its context menu. */
export async function pickFromRowMenu(workbench: Workbench, identifier: string, entry: string): Promise<void> {
  const row = workbench.treeRow(workbench.viewContainer('opensymphony'), rowLabel(identifier));
  await workbench.pickMenuEntry(await workbench.openContextMenu(row, entry));
  await workbench.parkPointer();
}

/** The entries the issue row's context menu offers right now (the menu is closed again with Escape). */
export async function rowMenuEntries(workbench: Workbench, identifier: string): Promise<string[]> {
  const row = workbench.treeRow(workbench.viewContainer('opensymphony'), rowLabel(identifier));
  await row.click({ button: 'right' });
  const items = workbench.page.locator('.context-view .action-menu-item .action-label');
  await items.first().waitFor({ timeout: 10_000 });
  const labels = await items.evaluateAll((elements) => elements.map((element) => element.getAttribute('aria-label') ?? element.textContent ?? ''));
  await workbench.page.keyboard.press('Escape');
  await workbench.page.locator('.context-view .monaco-menu').waitFor({ state: 'detached', timeout: 10_000 });
  return labels.map((label) => label.trim()).filter(Boolean);
}

/** The local host's snapshot for the sample folder, read over its socket with its token. */
export async function localSnapshot(context: Pick<FlowContext, 'statusFile' | 'sample'>): Promise<DashboardSnapshot> {
  const host = await waitForHostReady(context.statusFile, context.sample.dir, 30_000);
  const client = new GatewayClient({ socketPath: host.socketPath, token: readFileSync(host.tokenFile, 'utf8').trim() });
  try {
    return await client.snapshot();
  } finally {
    client.dispose();
  }
}

/** Resolves with `promise`, or rejects after `timeoutMs` naming `what`. */
export async function within<T>(promise: Promise<T>, timeoutMs: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)), timeoutMs); });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Files the agent left in an issue's workspace (empty when the workspace does not exist). */
export function workspaceFiles(sample: SampleWorkspace, identifier: string): string[] {
  try {
    return readdirSync(sample.issueWorkspace(identifier)).filter((name) => !name.startsWith('.'));
  } catch {
    return [];
  }
}

/** The frame of the open run panel of `identifier` (its webview's inner document). */
export async function runPanelFrame(workbench: Workbench, identifier: string, timeoutMs: number): Promise<Frame> {
  const selector = `[data-run] [data-field="issue"]:text("${identifier}")`;
  return waitUntil(`a run panel showing ${identifier}`, async () => {
    for (const frame of workbench.page.frames()) {
      if (frame.isDetached() || frame === workbench.page.mainFrame()) continue;
      if (await frame.locator(selector).count().catch(() => 0)) return frame;
    }
    return undefined;
  }, timeoutMs);
}
