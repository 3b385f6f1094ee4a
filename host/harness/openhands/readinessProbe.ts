import { request } from 'undici';
import type { Clock } from '../../base/clock.ts';
import { errorMessage } from '../../base/errors.ts';
import { Backoff, delay } from '../../client/backoff.ts';
import { OpenHandsError, OpenHandsErrorCodes } from './openHandsErrors.ts';

export interface ReadinessProbeOptions {
  baseUrl: string;
  timeoutMs: number;
  clock: Clock;
  signal: AbortSignal;
}

const POLL_BACKOFF = { initialMs: 50, maxMs: 1_000, factor: 2, jitter: 0 };
const PROBE_REQUEST_MS = 2_000;

/**
 * Polls `GET /ready` (A2: no auth, 503 `initializing` until startup is done; a refused connection
 * also means "not yet") until it answers 200 `{"status":"ready"}`. Rejects with
 * `agent_server_not_ready` after `timeoutMs`, or with the signal's reason when aborted.
 */
export async function waitForAgentServerReady(options: ReadinessProbeOptions): Promise<void> {
  const deadline = new AbortController();
  const timer = options.clock.setTimeout(() => deadline.abort(), options.timeoutMs);
  const signal = AbortSignal.any([options.signal, deadline.signal]);
  const backoff = new Backoff(POLL_BACKOFF);
  let lastAnswer = 'no answer';
  try {
    while (!signal.aborted) {
      lastAnswer = await probeOnce(options.baseUrl, signal);
      if (lastAnswer === 'ready') return;
      await delay(options.clock, backoff.next(), signal).catch(() => {});
    }
    if (options.signal.aborted) throw options.signal.reason;
    throw new OpenHandsError(OpenHandsErrorCodes.serverNotReady, `the agent-server at ${options.baseUrl} was not ready within ${options.timeoutMs} ms (last answer: ${lastAnswer})`);
  } finally {
    timer.dispose();
  }
}

/** `ready`, or a short description of why not. */
async function probeOnce(baseUrl: string, signal: AbortSignal): Promise<string> {
  try {
    const response = await request(`${baseUrl.replace(/\/+$/, '')}/ready`, { signal: AbortSignal.any([signal, AbortSignal.timeout(PROBE_REQUEST_MS)]) });
    const text = await response.body.text();
    if (response.statusCode === 200 && isReadyBody(text)) return 'ready';
    return `HTTP ${response.statusCode} ${text.slice(0, 200)}`;
  } catch (error) {
    return errorMessage(error);
  }
}

function isReadyBody(text: string): boolean {
  try {
    return (JSON.parse(text) as { status?: unknown }).status === 'ready';
  } catch {
    return false;
  }
}
