import type { ApprovalQuestion } from '../../protocol/index.ts';
import type { UserInputReply, UserInputRequest } from '../harnessAdapter.ts';
import type { ServerRequestParamsByMethod } from './codexProtocol.ts';
import { elicitationForm } from './mcpElicitationForm.ts';

/** A question's outcome as the session sees it: the reply, or `cancelled` when the run went away first. */
export type UserInputAnswer = UserInputReply | 'cancelled';

/** What to ask the user for one server request, and the result to send back for each outcome. */
export interface CodexQuestion {
  request: UserInputRequest;
  result(answer: UserInputAnswer): unknown;
}

/**
 * `item/tool/requestUserInput` → our questions; the reply is `{answers: {[id]: {answers: [text]}}}`,
 * empty when the user declined, the question expired or the run was cancelled (the protocol has no
 * refusal of its own).
 */
export function toolUserInput(params: ServerRequestParamsByMethod['item/tool/requestUserInput']): CodexQuestion {
  const questions: ApprovalQuestion[] = (params.questions ?? []).map((question, index) => ({
    id: question.id ?? `question-${index + 1}`,
    header: question.header || null,
    question: question.question ?? '',
    options: (question.options ?? []).map((option) => ({ label: option.label, description: option.description || null })),
    allow_other: question.isOther ?? false,
    secret: question.isSecret ?? false,
  }));
  return {
    request: { questions, reason: null },
    result: (answer) => ({
      answers: answer !== 'cancelled' && answer.outcome === 'answered'
        ? Object.fromEntries(Object.entries(answer.answers).map(([id, text]) => [id, { answers: [text] }]))
        : {},
    }),
  };
}

type ElicitationParams = ServerRequestParamsByMethod['mcpServer/elicitation/request'] & Record<string, unknown>;

/**
 * An MCP elicitation → our questions. Form modes ask one question per field and accept with the
 * typed content; `url` and user-verification modes show what to do and ask the user to confirm
 * they did it (accept without content). A refusal is `decline`; no answer (expired, run cancelled)
 * is `cancel`.
 */
export function mcpElicitation(params: ElicitationParams): CodexQuestion {
  const server = stringOr(params.serverName, 'An MCP server');
  const message = stringOr(params.message, '');
  if (params.mode === 'form' || params.mode === 'openai/form' || params.mode === 'openaiForm') {
    const form = elicitationForm(params.requestedSchema);
    if (form.questions.length) {
      return elicitationReply({ questions: form.questions, reason: `${server}: ${message}`.trim() }, (answers) => form.content(answers));
    }
  }
  const url = typeof params.url === 'string' ? params.url : null;
  const verification = params.mode === 'openai/userVerification'
    ? `${stringOr(params.title, 'Verify it is you')}: ${stringOr(params.description, '')} ${stringOr(params.challenge, '')}`.trim() : null;
  const what = url ? `${message}\nOpen ${url} and complete the request there, then confirm.` : verification ?? (message || 'The server asks you to confirm.');
  const question: ApprovalQuestion = {
    id: 'confirm', header: server, question: what, options: [{ label: 'confirm', description: null }], allow_other: false, secret: false,
  };
  return elicitationReply({ questions: [question], reason: `${server}: ${message}`.trim() }, () => null);
}

function elicitationReply(request: UserInputRequest, content: (answers: Readonly<Record<string, string>>) => unknown): CodexQuestion {
  return {
    request,
    result: (answer) => {
      if (answer !== 'cancelled' && answer.outcome === 'answered') return { action: 'accept', content: content(answer.answers), _meta: null };
      return { action: answer !== 'cancelled' && answer.outcome === 'declined' ? 'decline' : 'cancel', content: null, _meta: null };
    },
  };
}

function stringOr(value: unknown, fallback: string): string {
  return typeof value === 'string' && value.trim() ? value : fallback;
}
