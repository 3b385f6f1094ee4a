// The editor's local host stops by itself once no window watches it (`serve --exit-unattended`).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runHostUntilExit } from '../../fakes/hostProcess.ts';

test('a host started with --exit-unattended stops cleanly when no client attaches', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'os-unattended-'));
  try {
    writeFileSync(join(dir, 'issues.yaml'), 'issues: []\n');
    writeFileSync(join(dir, 'WORKFLOW.md'), '---\ntracker:\n  kind: local\n  active_states: []\n---\nprompt\n');
    const { code, output } = await runHostUntilExit({ workflow: join(dir, 'WORKFLOW.md'), dataDir: join(dir, 'data'), args: ['--exit-unattended', '1'] }, 30_000);
    assert.equal(code, 0, output);
    assert.match(output, /stopping.*no client for 1 s/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
