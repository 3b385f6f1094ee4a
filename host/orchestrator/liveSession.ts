import type { TokenTotals } from '../protocol/index.ts';
import { EventTypes } from '../protocol/index.ts';
import type { HarnessEvent } from '../harness/harnessAdapter.ts';
import { TokenAccount } from './tokenAccount.ts';

/** Codex reports account rate limits through this notification; its params are kept as the latest payload. */
export const RATE_LIMITS_METHOD = 'account/rateLimits/updated';

const MAX_MESSAGE_CHARS = 500;

/** What one harness event changed beyond the session itself. */
export interface SessionUpdate {
  tokenDelta: TokenTotals | null;
  rateLimits: unknown;
}

/**
 * The live fields of a running worker's agent session (Symphony LiveSession): last event, its
 * time (what stall detection measures), last agent message, turn id and token deltas.
 */
export class LiveSession {
  lastEvent: string | null = null;
  lastEventAtMs: number | null = null;
  lastMessage: string | null = null;
  threadId: string | null = null;
  turnId: string | null = null;
  /** Approvals this session is waiting on; a worker waiting for a human is not stalled. */
  awaitingApproval = 0;
  private readonly tokens = new TokenAccount();

  /** `session_id` = `<thread_id>-<turn_id>` once both are known. */
  get sessionId(): string | null {
    return this.threadId && this.turnId ? `${this.threadId}-${this.turnId}` : this.threadId;
  }

  /** Any sign of life from the agent (events and terminal output alike). */
  touch(now: number): void {
    this.lastEventAtMs = now;
  }

  observe(event: HarnessEvent, now: number): SessionUpdate {
    this.touch(now);
    this.lastEvent = event.type;
    const payload = event.payload;
    if (typeof payload.thread_id === 'string') this.threadId = payload.thread_id;
    if (typeof payload.turn_id === 'string') this.turnId = payload.turn_id;
    if (event.type === EventTypes.agentMessage) this.lastMessage = messageOf(event);
    const tokenDelta = event.type === EventTypes.tokensUpdated ? this.tokens.observe(this.threadId, payload) : null;
    const rateLimits = event.type === EventTypes.agentNotification && payload.method === RATE_LIMITS_METHOD ? payload.params ?? null : undefined;
    return { tokenDelta, rateLimits };
  }
}

function messageOf(event: HarnessEvent): string {
  const text = typeof event.payload.text === 'string' ? event.payload.text : event.summary;
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS)}…` : text;
}
