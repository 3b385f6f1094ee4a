// Restricted Mode: in an untrusted workspace the extension shows its views but starts no host,
// agent or hook. Checked in a real workbench with workspace trust on (no startup prompt), and on
// disk: nothing under the sample's workspaces root, no host data folder.
import { readdirSync } from 'node:fs';
import type { CheckList } from './checkList.ts';
import type { SampleWorkspace } from './sampleWorkspace.ts';
import { readStatus, waitForStatus } from './statusFile.ts';
import type { Workbench } from './workbench.ts';

export interface TrustScenarioContext {
  workbench: Workbench;
  workbenchUrl: string;
  sample: SampleWorkspace;
  statusFile: string;
  checks: CheckList;
}

export async function runTrustScenario({ workbench, workbenchUrl, sample, statusFile, checks }: TrustScenarioContext): Promise<void> {
  await workbench.open(workbenchUrl);
  await waitForStatus(statusFile, 'extension activated', (status) => status.activated === true, 60_000);
  const view = await workbench.openViewContainer('opensymphony', 'OpenSymphony');
  const welcome = view.locator('.welcome-view-content', { hasText: 'Restricted Mode' }).first();
  await welcome.waitFor({ timeout: 20_000 });
  checks.check('untrusted workspace: the Task Graph explains Restricted Mode and links to trust', (await welcome.innerText()).includes('Manage Workspace Trust'), (await welcome.innerText()).replace(/\s+/g, ' '));
  await workbench.shot('restricted-mode');
  const status = readStatus(statusFile);
  checks.check('untrusted workspace: no host was started', (status.folders ?? []).length === 0, status);
  checks.check('untrusted workspace: no issue workspace was created', readdirSync(sample.workspacesRoot).length === 0, readdirSync(sample.workspacesRoot));
}
