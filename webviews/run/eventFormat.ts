import type { EventEnvelope } from '../../host/protocol/envelope.ts';
import { EventTypes } from '../../host/protocol/eventTypes.ts';
import { formatCount, oneLine } from '../shared/format.ts';
import { kindOf } from '../state/eventKinds.ts';
import { unwrapShellCommand } from '../../host/protocol/shellCommandText.ts';

/** How one timeline row reads. */
export interface EventLine {
  /** The kind's label, or the raw type for a type this client does not know. */
  label: string;
  text: string;
  tone: 'info' | 'ok' | 'warn' | 'error';
  /** True when the text is the raw payload JSON (unknown type, or a payload off its expected shape). */
  raw: boolean;
}

type Payload = Record<string, unknown>;
type Formatter = (payload: Payload, event: EventEnvelope) => Omit<EventLine, 'label' | 'raw'> | undefined;

const record = (value: unknown): Payload | undefined => (typeof value === 'object' && value !== null && !Array.isArray(value) ? value as Payload : undefined);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const count = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

const runFormatter: Formatter = (payload, event) => {
  const run = record(payload.run);
  const state = text(run?.state);
  if (!state) return undefined;
  const failed = state === 'failed' || event.type === EventTypes.runFailed;
  return { text: event.summary, tone: failed ? 'error' : state === 'completed' ? 'ok' : state === 'cancelled' ? 'warn' : 'info' };
};

const approvalFormatter: Formatter = (payload) => {
  const approval = record(payload.approval);
  const state = text(approval?.state);
  if (!approval || !state) return undefined;
  const files = Array.isArray(approval.files) ? approval.files.filter((file): file is string => typeof file === 'string') : [];
  const command = text(approval.command);
  const what = approval.kind === 'command' ? `run ${command ? unwrapShellCommand(command) : '(command)'}` : `change ${files.join(', ') || 'files'}`;
  return { text: `${state}: ${what}`, tone: state === 'pending' ? 'warn' : state === 'denied' ? 'error' : 'info' };
};

const itemFormatter: Formatter = (payload, event) => {
  const item = record(payload.item);
  if (!item) return undefined;
  if (item.type === 'commandExecution') {
    const exit = count(item.exitCode);
    return { text: `$ ${unwrapShellCommand(text(item.command) ?? '')}${exit === undefined ? '' : `  → exit ${exit}`}`, tone: exit !== undefined && exit !== 0 ? 'error' : 'info' };
  }
  return { text: event.summary, tone: 'info' };
};

const formatters: Record<string, Formatter> = {
  [EventTypes.agentMessage]: (payload) => (text(payload.text) === undefined ? undefined : { text: text(payload.text)!, tone: 'info' }),
  [EventTypes.agentItem]: itemFormatter,
  [EventTypes.tokensUpdated]: (payload) => {
    const total = count(payload.total_tokens);
    if (total === undefined) return undefined;
    const part = (value: unknown) => { const number = count(value); return number === undefined ? '?' : formatCount(number); };
    return { text: `${formatCount(total)} tokens (in ${part(payload.input_tokens)}, out ${part(payload.output_tokens)})`, tone: 'info' };
  },
  [EventTypes.agentNotification]: (payload, event) => ({ text: `${text(payload.method) ?? ''} ${event.summary === payload.method ? '' : event.summary}`.trim(), tone: 'info' }),
};

for (const type of [EventTypes.approvalRequested, EventTypes.approvalResolved, EventTypes.approvalAutoDecided]) formatters[type] = approvalFormatter;

const described = new WeakMap<EventEnvelope, EventLine>();

/** One line for a timeline row: typed for the kinds this client knows, the raw payload JSON for the rest (computed once per event). */
export function describeEvent(event: EventEnvelope): EventLine {
  let line = described.get(event);
  if (!line) { line = describe(event); described.set(event, line); }
  return line;
}

function describe(event: EventEnvelope): EventLine {
  const kind = kindOf(event.type);
  const formatter = formatters[event.type] ?? (event.type.startsWith('run.') ? runFormatter : undefined);
  const known = kind ? (formatter ? formatter(event.payload, event) : { text: event.summary, tone: 'info' as const }) : undefined;
  if (known && kind) return { label: kind.label, text: oneLine(known.text), tone: known.tone, raw: false };
  return { label: event.type, text: oneLine(JSON.stringify(event.payload), 400), tone: 'info', raw: true };
}

/** The whole event, pretty-printed, for the details pane. */
export function eventJson(event: EventEnvelope): string {
  return JSON.stringify(event, null, 2);
}
