import { truncateText } from '../codex/compactPayload.ts';
import { Ansi, styled } from '../codex/terminalWriter.ts';
import type { TerminalWriter } from '../codex/terminalWriter.ts';
import { FileEditorActionSchema, FinishActionSchema, TerminalActionSchema, ThinkActionSchema, textOf } from './openHandsEvents.ts';
import type { ActionEventView, ObservationEventView } from './openHandsEvents.ts';

// How OpenHands events look in the run terminal: `$ command` in bold yellow, its output dimmed,
// the exit status in green or red, agent messages as plain text, errors in red.

/** One line that names what an action does (also the journal summary). */
export function describeAction(event: ActionEventView): string {
  const terminal = TerminalActionSchema.safeParse(event.action);
  if (terminal.success) return `$ ${terminal.data.command}`;
  const edit = FileEditorActionSchema.safeParse(event.action);
  if (edit.success) return `✎ ${edit.data.command} ${edit.data.path}`;
  const finish = FinishActionSchema.safeParse(event.action);
  if (finish.success) return 'finish';
  if (ThinkActionSchema.safeParse(event.action).success) return 'think';
  return `• ${event.tool_name}${event.action ? ` (${event.action.kind})` : ' (not executable)'}`;
}

export function renderAction(event: ActionEventView, terminal: TerminalWriter): void {
  const thought = textOf(event.thought);
  if (thought) terminal.line(styled(thought, Ansi.dim));
  const finish = FinishActionSchema.safeParse(event.action);
  if (finish.success) {
    terminal.write(finish.data.message);
    terminal.endLine();
    return;
  }
  const think = ThinkActionSchema.safeParse(event.action);
  if (think.success) {
    terminal.line(styled(think.data.thought, Ansi.dim));
    return;
  }
  terminal.line(styled(truncateText(describeAction(event), 500), Ansi.bold, Ansi.yellow));
}

export function renderObservation(event: ObservationEventView, terminal: TerminalWriter): void {
  const observation = event.observation;
  const text = textOf(observation.content);
  if (observation.kind === 'FinishObservation' || observation.kind === 'ThinkObservation') return;
  if (observation.kind === 'TerminalObservation') {
    if (text) terminal.write(text, Ansi.dim);
    terminal.endLine();
    const exit = observation.exit_code ?? null;
    terminal.line(styled(`exit ${exit ?? '?'}`, Ansi.dim, exit === 0 && !observation.is_error ? Ansi.green : Ansi.red));
    return;
  }
  if (observation.kind === 'FileEditorObservation') {
    const status = observation.is_error ? `file edit failed${text ? `: ${truncateText(text, 300)}` : ''}` : `file edit done${observation.path ? `: ${observation.path}` : ''}`;
    terminal.line(styled(status, Ansi.dim, observation.is_error ? Ansi.red : Ansi.green));
    return;
  }
  if (text) terminal.write(text, Ansi.dim, ...(observation.is_error ? [Ansi.red] : []));
  terminal.endLine();
}

export function renderError(text: string, terminal: TerminalWriter): void {
  terminal.line(styled(text, Ansi.red));
}

export function renderStatus(status: string, terminal: TerminalWriter): void {
  terminal.line(styled(`◦ ${status.replaceAll('_', ' ')}`, Ansi.dim));
}
