import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { PINNED_EVENT_KINDS } from '../../../../../host/harness/openhands/pinnedEventKinds.ts';

interface OpenApiDocument {
  components: { schemas: Record<string, { discriminator?: { mapping?: Record<string, string> }; properties?: { kind?: { const?: string } } }> };
}

describe('the pinned OpenHands event kinds', () => {
  it('are exactly the kinds of the Event union in the pinned OpenAPI', () => {
    const document = JSON.parse(readFileSync(new URL('../../../../fakes/openhands/agentServerOpenApi.json', import.meta.url), 'utf8')) as OpenApiDocument;
    const { schemas } = document.components;
    const kinds = Object.values(schemas.Event?.discriminator?.mapping ?? {}).map((ref) => schemas[ref.split('/').at(-1)!]?.properties?.kind?.const);
    assert.equal(kinds.length, 16);
    assert.deepEqual([...PINNED_EVENT_KINDS].sort(), kinds.sort());
  });
});
