// The user flows that follow the first scenario in the same workbench, in order: deny and approve
// always from notifications, run controls from the tree, a window reload that reattaches, and the
// remote profile. Each flow's failure is recorded (with a screenshot) and the next flow still runs.
// OPENSYMPHONY_E2E_FLOWS=deny,always,... runs only those (all by default) while iterating.
import { runApproveAlwaysFlow, runDenyFlow } from './approvalFlows.ts';
import type { FlowContext } from './flowSteps.ts';
import { runReloadScenario } from './reloadScenario.ts';
import { runRemoteScenario } from './remoteScenario.ts';
import { runControlFlows } from './runControlFlows.ts';

const FLOWS: Record<string, { title: string; run: (context: FlowContext) => Promise<void> }> = {
  deny: { title: 'deny from the notification', run: runDenyFlow },
  always: { title: 'approve always from the notification', run: runApproveAlwaysFlow },
  controls: { title: 'pause / cancel / retry from the tree', run: runControlFlows },
  reload: { title: 'reload window reattaches to the running host', run: runReloadScenario },
  remote: { title: 'remote profile with a token, then back to local', run: runRemoteScenario },
};

function selectedFlows(): string[] {
  const all = Object.keys(FLOWS);
  const wanted = process.env.OPENSYMPHONY_E2E_FLOWS?.split(',').map((name) => name.trim()).filter(Boolean);
  if (!wanted?.length) return all;
  const unknown = wanted.filter((name) => !all.includes(name));
  if (unknown.length) throw new Error(`OPENSYMPHONY_E2E_FLOWS: unknown flow(s) ${unknown.join(', ')}; known: ${all.join(', ')}`);
  return all.filter((name) => wanted.includes(name));
}

export async function runUserFlows(context: FlowContext): Promise<void> {
  for (const name of selectedFlows()) {
    const flow = FLOWS[name]!;
    const since = Date.now();
    try {
      await flow.run(context);
    } catch (error) {
      context.checks.fail(`flow: ${flow.title}`, error);
      await context.workbench.shot(`failure-${name}`).catch(() => undefined);
      // A toast or menu left open by the failed step must not block the next flow.
      await context.workbench.page.keyboard.press('Escape').catch(() => undefined);
    } finally {
      context.timeline.mark(`flow:${name}`, since);
    }
  }
}
