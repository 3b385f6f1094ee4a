import type { ApprovalReply, ApprovalRequest, TurnOutcome, UserInputReply, UserInputRequest } from '../harnessAdapter.ts';
import type { ToolResult } from '../tools/agentTool.ts';
import { unwrapShellCommand } from '../../protocol/shellCommandText.ts';
import { truncateText } from './compactPayload.ts';
import { Ansi, styled } from './terminalWriter.ts';

/** The line that opens a turn in the run terminal: its number and the start of the prompt. */
export function turnHeader(turnNumber: number, input: string): string {
  const firstLine = input.split('\n').find((line) => line.trim().length > 0)?.trim() ?? '';
  return `${styled(`▶ Turn ${turnNumber}`, Ansi.bold, Ansi.cyan)} ${styled(truncateText(firstLine, 100), Ansi.dim)}`;
}

/** The line that closes a turn: status, duration and, when it did not complete, why. */
export function turnFooter(turnNumber: number, outcome: TurnOutcome, elapsedMs: number): string {
  const seconds = `${(elapsedMs / 1000).toFixed(2)} s`;
  const color = outcome.status === 'completed' ? Ansi.green : outcome.status === 'failed' ? Ansi.red : Ansi.yellow;
  const reason = outcome.error ? `: ${outcome.error.code}: ${outcome.error.message.split('\n')[0] ?? ''}` : '';
  return styled(`■ Turn ${turnNumber} ${outcome.status} in ${seconds}${reason}`, Ansi.bold, color);
}

/** Announces a pending approval so the terminal shows why the agent paused. */
export function approvalPrompt(request: ApprovalRequest): string {
  const what = request.kind === 'command'
    ? `run ${request.command ? unwrapShellCommand(request.command) : 'a command'}`
    : `change ${request.files.length ? request.files.join(', ') : 'files'}`;
  const reason = request.reason ? ` (${request.reason})` : '';
  return styled(`? approval needed to ${what}${reason}`, Ansi.bold, Ansi.cyan);
}

/** The answer (a person's or a rule's), or the cancellation that replaced it. */
export function approvalResult(answer: ApprovalReply | 'cancelled'): string {
  if (answer === 'cancelled') return styled('✗ approval cancelled', Ansi.red);
  if (answer.verdict === 'approve') return styled(answer.scope === 'run' ? '✓ approved for the rest of the run' : '✓ approved', Ansi.green);
  return styled(`✗ denied${answer.feedback ? `: ${truncateText(answer.feedback, 200)}` : ''}`, Ansi.red);
}

/** Announces the agent's questions (never the answers: they may be secret, and the terminal is kept). */
export function questionPrompt(request: UserInputRequest): string {
  const [first] = request.questions;
  const what = request.questions.length === 1 && first ? truncateText(first.question.split('\n')[0] ?? '', 160) : `${request.questions.length} questions`;
  return styled(`? the agent asks you: ${what}`, Ansi.bold, Ansi.cyan);
}

/** How the questions were settled. */
export function questionResult(answer: UserInputReply | 'cancelled'): string {
  if (answer === 'cancelled') return styled('✗ question cancelled', Ansi.red);
  if (answer.outcome === 'answered') return styled('✓ answered', Ansi.green);
  return styled(answer.outcome === 'declined' ? '✗ declined to answer' : `✗ ${answer.message}`, Ansi.red);
}

/** An operator's message passed to the agent. */
export function operatorMessageLine(text: string): string {
  return styled(`✉ operator: ${truncateText(text.split('\n')[0] ?? '', 160)}`, Ansi.bold, Ansi.cyan);
}

/** A host-side tool call the agent made, and how it ended. */
export function toolCallLine(name: string, result: ToolResult): string {
  if (result.success) return styled(`⚙ ${name} ✓`, Ansi.dim);
  return styled(`⚙ ${name} ✗ ${result.error.code}: ${truncateText(result.error.message.split('\n')[0] ?? '', 160)}`, Ansi.yellow);
}
