import type { EventJournal } from '../../host/journal/eventJournal.ts';
import type { NewEvent } from '../../host/protocol/index.ts';
import type { BenchResult } from './benchResult.ts';
import { pause, quantile, startBenchGateway, startLatencyClients, startRawServer } from './gatewayBenchSetup.ts';

const RUNS = 100;
const EVENTS_PER_SECOND = 1_000;
const CLIENTS = 10;
const WARMUP_MS = 1_000;
const MEASURE_MS = 5_000;

/**
 * Event → client latency: RUNS simulated runs append one event each every RUNS/EVENTS_PER_SECOND
 * seconds (staggered), CLIENTS GatewayClients in a worker stream them over TCP; the latency of an
 * event is from the call to append() (before its group commit) to its arrival in a client. The
 * substrate: a bare ws server forwarding every committed batch of the same kind of journal to as
 * many bare clients.
 */
export async function runLatencyBench(dir: string): Promise<BenchResult[]> {
  const gateway = await startBenchGateway(dir);
  const gatewayClients = await startLatencyClients({ kind: 'latency', via: 'gateway', url: gateway.baseUrl, token: gateway.token, clients: CLIENTS, cursor: 0 });
  const viaGateway = await gatewayClients.collect(await produceAll(gateway.journal));
  await gateway.close();

  const rawGateway = await startBenchGateway(dir);
  const raw = await startRawServer((socket) => {
    const subscription = rawGateway.journal.onDidAppend((events) => socket.send(JSON.stringify({ kind: 'events', events })));
    socket.once('close', () => subscription.dispose());
  });
  const rawClients = await startLatencyClients({ kind: 'latency', via: 'raw', url: raw.url, clients: CLIENTS, cursor: 0 });
  const viaRaw = await rawClients.collect(await produceAll(rawGateway.journal));
  await raw.close();
  await rawGateway.close();

  const note = `${RUNS} runs, ${EVENTS_PER_SECOND} events/s, ${CLIENTS} WS clients over TCP`;
  return [
    { bench: 'gateway', name: 'event → client latency p50', value: quantile(viaGateway, 0.5), unit: 'ms', note },
    { bench: 'gateway', name: 'event → client latency p99', value: quantile(viaGateway, 0.99), unit: 'ms', note: 'target ≤ 5 ms' },
    { bench: 'gateway', name: 'raw ws broadcast latency p50', value: quantile(viaRaw, 0.5), unit: 'ms', note: 'same journal, bare ws' },
    { bench: 'gateway', name: 'raw ws broadcast latency p99', value: quantile(viaRaw, 0.99), unit: 'ms' },
    { bench: 'gateway', name: 'latency p99 gateway/raw', value: quantile(viaGateway, 0.99) / quantile(viaRaw, 0.99), unit: '×' },
  ];
}

/** Runs every producer for WARMUP_MS + MEASURE_MS; resolves with how many events all clients get. */
async function produceAll(journal: EventJournal): Promise<number> {
  const started = performance.now();
  const counts = await Promise.all(Array.from({ length: RUNS }, (_, run) => produce(journal, run, started)));
  return counts.reduce((sum, count) => sum + count, 0) * CLIENTS;
}

/** One simulated run: an event every RUNS/EVENTS_PER_SECOND s, its first one offset by its index. */
async function produce(journal: EventJournal, run: number, started: number): Promise<number> {
  const intervalMs = (RUNS * 1000) / EVENTS_PER_SECOND;
  const offsetMs = (run * 1000) / EVENTS_PER_SECOND;
  await pause(offsetMs);
  let n = 0;
  for (; performance.now() - started < WARMUP_MS + MEASURE_MS; n++) {
    const now = performance.now();
    const event: NewEvent = {
      type: 'run.output', actor: { kind: 'agent', id: `codex-${run}` }, summary: `run ${run} line ${n}`,
      payload: { appended_at: performance.timeOrigin + now, measured: now - started >= WARMUP_MS, line: 'compiled 12 files, 0 warnings' },
      entity_refs: [{ kind: 'run', id: `run-${run}` }],
    };
    void journal.append([event]);
    await pause(Math.max(0, started + offsetMs + (n + 1) * intervalMs - performance.now()));
  }
  return n;
}
