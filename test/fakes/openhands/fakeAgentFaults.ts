/** A scripted answer for matching REST requests: an error status, or no answer at all. */
export interface FakeRequestFault {
  method: string;
  /** Matched against the request path without its query. */
  path: RegExp;
  /** `'hang'` keeps the request open and never answers. */
  reply: { status: number; body: unknown } | 'hang';
  /** How many matching requests it affects (default 1). */
  times?: number;
}

/** Fault injection of the fake agent-server; tests may change it while the server runs. */
export interface FakeAgentFaults {
  /** Terminates every event socket of a conversation after each N-th frame sent on them. */
  dropSocketsEveryFrames: number | null;
  /** No more drops after this many. */
  maxSocketDrops: number;
  /** A new socket is subscribed, and gets its full_state frame, only after this delay. */
  firstFrameDelayMs: number;
  /** Every frame is sent twice. */
  duplicateFrames: boolean;
  /** Handshakes are refused with this HTTP status. */
  rejectSocketsWith: number | null;
  /** Sockets are accepted but never subscribed: no frame at all. */
  silentSockets: boolean;
  requests: FakeRequestFault[];
}

export function defaultFaults(overrides: Partial<FakeAgentFaults> = {}): FakeAgentFaults {
  return {
    dropSocketsEveryFrames: null,
    maxSocketDrops: Number.POSITIVE_INFINITY,
    firstFrameDelayMs: 0,
    duplicateFrames: false,
    rejectSocketsWith: null,
    silentSockets: false,
    requests: [],
    ...overrides,
  };
}

/** The first fault matching the request, consumed once; null when none applies. */
export function takeRequestFault(faults: FakeAgentFaults, method: string, path: string): FakeRequestFault['reply'] | null {
  const index = faults.requests.findIndex((fault) => fault.method === method && fault.path.test(path));
  if (index < 0) return null;
  const fault = faults.requests[index]!;
  const remaining = (fault.times ?? 1) - 1;
  if (remaining <= 0) faults.requests.splice(index, 1);
  else fault.times = remaining;
  return fault.reply;
}
