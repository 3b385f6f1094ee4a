import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { GatewayClientError } from '../../../../host/client/gatewayClientError.ts';
import type { StreamStatus } from '../../../../host/client/reconnectingSocket.ts';
import type { GatewayFixture } from './gatewayFixture.ts';
import { deferred, expectContiguous, newEvents, startGateway } from './gatewayFixture.ts';

/** What a consumer saw; `reach` waits (driven by deliveries) for a seq to arrive. */
class Consumer {
  readonly seqs: number[] = [];
  readonly statuses: StreamStatus[] = [];
  readonly errors: GatewayClientError[] = [];
  private waiter: { seq: number; resolve(): void } | undefined;
  private readonly closed = deferred('status closed');

  deliver(seqs: number[]): void {
    this.seqs.push(...seqs);
    if (this.waiter && (this.seqs.at(-1) ?? 0) >= this.waiter.seq) this.waiter.resolve();
  }

  readonly onStatus = (status: StreamStatus): void => {
    this.statuses.push(status);
    if (status === 'closed') this.closed.resolve();
  };

  readonly onError = (error: GatewayClientError): void => { this.errors.push(error); };

  reach(seq: number): Promise<void> {
    if ((this.seqs.at(-1) ?? 0) >= seq) return Promise.resolve();
    const wait = deferred(`seq ${seq} (have ${this.seqs.at(-1) ?? 0})`, 20_000);
    this.waiter = { seq, resolve: () => wait.resolve() };
    return wait.promise;
  }

  whenClosed(): Promise<void> {
    return this.closed.promise;
  }
}

async function produce(gw: GatewayFixture, batches: number, size: number): Promise<void> {
  for (let batch = 0; batch < batches; batch++) await gw.journal.append(newEvents(size));
}

test('the events subscription delivers every seq exactly once, in order, across host restarts under load', async (t) => {
  const gw = await startGateway(t, { streamPageSize: 25 });
  await gw.journal.append(newEvents(300));
  const consumer = new Consumer();
  gw.client().subscribeEvents({
    cursor: 10,
    onEvents: (events) => consumer.deliver(events.map((event) => event.seq)),
    onStatus: consumer.onStatus,
    onError: consumer.onError,
  });

  const producing = produce(gw, 300, 4);
  const headsAtRestart: number[] = [];
  await consumer.reach(400);
  headsAtRestart.push(gw.journal.head());
  await gw.restart();
  await consumer.reach(800);
  headsAtRestart.push(gw.journal.head());
  await gw.restart();
  await producing;
  await consumer.reach(gw.journal.head());

  assert.equal(gw.journal.head(), 1500);
  assert.ok(headsAtRestart.every((head) => head < 1500), `appends were still running at each restart (${headsAtRestart.join(', ')})`);
  assert.equal(expectContiguous(consumer.seqs, 11, 1500), undefined);
  assert.ok(consumer.statuses.filter((status) => status === 'reconnecting').length >= 2, consumer.statuses.join(','));
  assert.equal(consumer.statuses.at(-1), 'connected');
});

test('the terminal subscription resumes after a restart without repeating or losing output', async (t) => {
  const gw = await startGateway(t, { streamPageSize: 10 });
  const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
  for (let index = 1; index <= 50; index++) void gw.journal.appendTerminal('run-1', bytes(`${index}\n`));
  await gw.journal.appendTerminal('run-1', bytes('51\n'));
  const consumer = new Consumer();
  const decoder = new TextDecoder();
  let output = '';
  gw.client().subscribeTerminal({
    streamId: 'run-1',
    cursor: 0,
    onChunk: (chunk) => {
      output += decoder.decode(chunk.data, { stream: true });
      consumer.deliver(Array.from({ length: chunk.seq - chunk.firstSeq + 1 }, (_, index) => chunk.firstSeq + index));
    },
    onStatus: consumer.onStatus,
  });

  await consumer.reach(51);
  const producing = (async () => { for (let index = 52; index <= 150; index++) await gw.journal.appendTerminal('run-1', bytes(`${index}\n`)); })();
  await consumer.reach(60);
  await gw.restart();
  await producing;
  await consumer.reach(150);

  assert.equal(expectContiguous(consumer.seqs, 1, 150), undefined);
  assert.equal(output, Array.from({ length: 150 }, (_, index) => `${index + 1}\n`).join(''));
});

test('a subscription whose cursor is past the journal head closes with conflict instead of waiting forever', async (t) => {
  const gw = await startGateway(t);
  await gw.journal.append(newEvents(2));
  const consumer = new Consumer();

  gw.client().subscribeEvents({ cursor: 50, onEvents: () => {}, onStatus: consumer.onStatus, onError: consumer.onError });
  await consumer.whenClosed();

  assert.deepEqual(consumer.errors.map((error) => [error.code, error.status]), [['conflict', 409]]);
});
