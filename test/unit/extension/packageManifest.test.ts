import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..', '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  contributes: {
    commands: { command: string; title: string; category?: string }[];
    menus: Record<string, { command: string; when?: string }[]>;
    configuration: { properties: Record<string, Record<string, unknown>> };
    walkthroughs: { id: string; steps: { id: string; description: string; media: { markdown?: string; image?: string }; completionEvents?: string[] }[] }[];
  };
};
const { commands, menus, configuration, walkthroughs } = manifest.contributes;

/** Commands that act on a tree row (they receive the row): useless, and confusing, in the palette. */
const ROW_MENUS = ['view/item/context'];

describe('package.json contributions', () => {
  it('puts every command in the one "OpenSymphony" category', () => {
    assert.deepEqual(commands.filter((command) => command.category !== 'OpenSymphony').map((command) => command.command), []);
  });

  it('hides from the command palette every command offered only on tree rows', () => {
    const onRows = new Set(ROW_MENUS.flatMap((menu) => menus[menu] ?? []).map((entry) => entry.command));
    const elsewhere = new Set(Object.entries(menus).filter(([menu]) => !ROW_MENUS.includes(menu) && menu !== 'commandPalette').flatMap(([, entries]) => entries.map((entry) => entry.command)));
    const hidden = new Set((menus.commandPalette ?? []).filter((entry) => entry.when === 'false').map((entry) => entry.command));
    const rowOnly = [...onRows].filter((command) => !elsewhere.has(command));
    assert.deepEqual(rowOnly.filter((command) => !hidden.has(command)), [], 'row-only commands visible in the palette');
  });

  it('registers a title for every command a menu names', () => {
    const known = new Set(commands.map((command) => command.command));
    const named = Object.values(menus).flat().map((entry) => entry.command);
    assert.deepEqual([...new Set(named.filter((command) => !known.has(command)))], []);
  });

  it('describes every setting in markdown, with a scope, and every enum value', () => {
    for (const [key, setting] of Object.entries(configuration.properties)) {
      assert.ok(typeof setting.markdownDescription === 'string' && setting.markdownDescription.length > 40, `${key} has a markdownDescription`);
      assert.ok(typeof setting.scope === 'string', `${key} has a scope`);
      assert.ok('default' in setting, `${key} has a default`);
      const values = (setting.enum ?? (setting.items as { enum?: unknown[] } | undefined)?.enum) as unknown[] | undefined;
      const descriptions = (setting.enumDescriptions ?? (setting.items as { enumDescriptions?: unknown[] } | undefined)?.enumDescriptions) as unknown[] | undefined;
      if (values) assert.equal(descriptions?.length, values.length, `${key} describes each of its ${values.length} values`);
    }
  });

  it('walks through connecting Linear, creating WORKFLOW.md and starting the first run, with media that exists', () => {
    const [walkthrough] = walkthroughs;
    assert.deepEqual(walkthrough?.steps.map((step) => step.id), ['connectLinear', 'createWorkflow', 'startFirstRun']);
    for (const step of walkthrough!.steps) {
      const media = step.media.markdown ?? step.media.image;
      assert.ok(media && existsSync(join(root, media)), `${step.id}'s media ${media} exists`);
      assert.match(step.description, /\]\(command:opensymphony\./, `${step.id} links the command that does it`);
      assert.ok(step.completionEvents?.length, `${step.id} knows when it is done`);
    }
  });
});
