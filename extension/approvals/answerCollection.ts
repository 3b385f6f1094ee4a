import type { ApprovalQuestion } from '../../host/protocol/index.ts';
import { MAX_APPROVAL_ANSWER_CHARS } from '../../host/protocol/index.ts';

/** One choice of a question's pick list; `other` stands for "type my own answer". */
export interface AnswerChoice {
  label: string;
  description?: string;
  other?: boolean;
}

/** Where the step counter and the question go in each prompt, e.g. "Question 2 of 3". */
export interface AnswerStep {
  question: ApprovalQuestion;
  index: number;
  total: number;
}

/**
 * The user-facing prompts answer collection needs; `undefined` means the user dismissed the
 * prompt. The VS Code implementation uses a quick pick and an input box (answerPrompter.ts).
 */
export interface AnswerPrompter {
  pick(step: AnswerStep, choices: readonly AnswerChoice[]): Promise<AnswerChoice | undefined>;
  /** Free text; `secret` masks the input. `validate` returns an error message or undefined. */
  text(step: AnswerStep, options: { secret: boolean; validate: (value: string) => string | undefined }): Promise<string | undefined>;
}

export const OTHER_ANSWER_LABEL = 'Other…';

/** The pick list for a question with options: the options, then "Other…" when free text is allowed. */
export function answerChoices(question: ApprovalQuestion): AnswerChoice[] {
  const choices: AnswerChoice[] = question.options.map((option) => ({ label: option.label, description: option.description ?? undefined }));
  if (question.allow_other) choices.push({ label: OTHER_ANSWER_LABEL, description: 'Type your own answer', other: true });
  return choices;
}

/** An error message for an answer the host would refuse, or undefined. */
export function validateAnswer(value: string): string | undefined {
  if (!value.trim()) return 'Enter an answer, or press Escape to stop answering.';
  if (value.length > MAX_APPROVAL_ANSWER_CHARS) return `An answer may be at most ${MAX_APPROVAL_ANSWER_CHARS} characters.`;
  return undefined;
}

/**
 * Walks the questions in order and returns question id → answer (an option's label or free text),
 * or undefined as soon as the user dismisses a prompt: a half-answered request is never sent.
 */
export async function collectAnswers(questions: readonly ApprovalQuestion[], prompter: AnswerPrompter): Promise<Record<string, string> | undefined> {
  const answers: Record<string, string> = {};
  for (const [index, question] of questions.entries()) {
    const answer = await answerOne({ question, index, total: questions.length }, prompter);
    if (answer === undefined) return undefined;
    answers[question.id] = answer;
  }
  return answers;
}

async function answerOne(step: AnswerStep, prompter: AnswerPrompter): Promise<string | undefined> {
  const freeText = () => prompter.text(step, { secret: step.question.secret, validate: validateAnswer });
  if (step.question.options.length === 0) return freeText();
  const choice = await prompter.pick(step, answerChoices(step.question));
  if (!choice) return undefined;
  return choice.other ? freeText() : choice.label;
}
